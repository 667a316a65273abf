#!/usr/bin/env bash
# Comms against the durable engine's floor, on each host (docs/performance.md, "Comms against the engine floor").
#
#   bench/floor-vs-comms.sh [server|functions|both] [COUNT]        default: both 200
#
# For each host, two runs, each on its own fresh Azurite: (a) the floor, COUNT orchestrations of four no-op activities
# (bench/Comms.Floor: on Comms.Server's own durable registration, or as a Functions app on the same Functions host and
# host.json), and (b) Comms, COUNT plain e-mails through the Sandbox provider. Each run warms up with one, then submits
# COUNT (64 at a time) and waits until each is done or sent (bench/Comms.LoadDriver). Prints per run the throughput,
# submit → done/sent p50 and p95, and the peak resident memory (VmHWM) of the host process (Functions: the host and its
# worker), then the ratio Comms/floor per host.
#
# Environment: KINDS=comms (or floor) runs one side only; MINUTES caps each measured run (default: the driver's, at least 10 minutes and one per 60 requests;
# a capped run reports what finished); RATE=R submits at most R requests a second (a steady load, e.g. RATE=10 for 10,000
# over 17 minutes, instead of one burst 64 at a time); AZURITE_STORAGE=memory keeps Azurite's data in memory (default: on disk);
# COMMS_FUNCTIONS_HOST names the Functions host's start script (default ../shared/functions-host/start).
# Logs of each run: .local/floor-vs-comms/logs/. Anything under Comms__ (e.g. Comms__Durable__PartitionCount) is passed on
# to both the floor and Comms on Comms.Server; on Functions both read the same host.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WHICH=${1:-both}
COUNT=${2:-200}
case $WHICH in server | functions | both) ;; *) sed -n 2,20p "$0" >&2; exit 2 ;; esac
[[ $COUNT =~ ^[0-9]+$ ]] || { echo "COUNT must be a number" >&2; exit 2; }
OUT=$ROOT/.local/floor-vs-comms
mkdir -p "$OUT/logs"
STATE=$(mktemp -d)
FUNCTIONS_HOST=${COMMS_FUNCTIONS_HOST:-$ROOT/../shared/functions-host/start}
DRIVER=$ROOT/bench/Comms.LoadDriver/bin/Release/net10.0/Comms.LoadDriver.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
descendants() { local c; for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done; }

# The processes of the current run (Azurite, the host), and on stop their children too (the Functions host's worker).
run_pids=()
stop_run() {
  local p all=()
  for p in "${run_pids[@]}"; do all=($(descendants "$p") "$p" "${all[@]}"); done   # the host before its Azurite
  for p in "${all[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${run_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  run_pids=()
}
trap 'stop_run; rm -rf "$STATE"' EXIT INT TERM
# Peak resident memory (VmHWM) in MB of a process and each of its descendants, as "pid:MB" words.
peaks() { local p; for p in "$1" $(descendants "$1"); do awk -v p="$p" '/^VmHWM:/ { printf "%s:%d ", p, $2 / 1024 }' "/proc/$p/status" 2>/dev/null || true; done; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg): building"
"$ROOT/scripts/install-prerequisites.sh" > /dev/null
build() { nice dotnet "$@" -c Release -nologo -v quiet > "$OUT/logs/build.log" 2>&1 || { cat "$OUT/logs/build.log" >&2; exit 1; }; }
build build "$ROOT/bench/Comms.LoadDriver"
if [[ $WHICH != functions ]]; then
  build build "$ROOT/src/Comms.Server"
  build build "$ROOT/bench/Comms.Floor/Server"
fi
if [[ $WHICH != server ]]; then
  [[ -x $FUNCTIONS_HOST ]] || { echo "No Functions host at $FUNCTIONS_HOST (set COMMS_FUNCTIONS_HOST)" >&2; exit 1; }
  build publish "$ROOT/src/Comms.Functions" -o "$OUT/functions-app"
  build publish "$ROOT/bench/Comms.Floor/Functions" -o "$OUT/floor-functions-app"
fi

KEY=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
declare -A RESULT

# run HOST KIND: one Azurite, one host, the warm-up and the measured run; figures into RESULT[HOST.KIND.*].
run() {
  local host=$1 kind=$2
  local blob queue table port log=$OUT/logs/$1-$2.log
  blob=$(free_port); queue=$(free_port); table=$(free_port); port=$(free_port)
  local data=(--location "$STATE/azurite-$host-$kind")
  [[ ${AZURITE_STORAGE:-disk} == memory ]] && data=(--inMemoryPersistence)
  "$ROOT/tools/node_modules/.bin/azurite" --silent "${data[@]}" --skipApiVersionCheck --disableProductStyleUrl \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" > "$OUT/logs/azurite-$host-$kind.log" 2>&1 &
  run_pids+=($!)
  for _ in $(seq 1 120); do (echo > "/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.5; done

  local app
  case $host.$kind in
    # --contentRoot: the app's own folder, so that its appsettings.json (DurableTask logs at Warning) is read.
    server.floor) app=("dotnet" "$ROOT/bench/Comms.Floor/Server/bin/Release/net10.0/Comms.Floor.Server.dll" --urls "http://127.0.0.1:$port" --contentRoot "$ROOT/bench/Comms.Floor/Server/bin/Release/net10.0") ;;
    server.comms) app=("dotnet" "$ROOT/src/Comms.Server/bin/Release/net10.0/Comms.Server.dll" --urls "http://127.0.0.1:$port" --contentRoot "$ROOT/src/Comms.Server/bin/Release/net10.0") ;;
    functions.floor) app=("$FUNCTIONS_HOST" "$OUT/floor-functions-app" "$port") ;;
    functions.comms) app=("$FUNCTIONS_HOST" "$OUT/functions-app" "$port") ;;
  esac
  AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;" \
  Comms__Keys__bench__Role=admin Comms__Keys__bench__Secret=$KEY Comms__Email__Provider=Sandbox \
  FUNCTIONS_HOST_MASTER_KEY=$KEY FUNCTIONS_SECRETS_PATH=$STATE/secrets-$host-$kind \
    "${app[@]}" > "$log" 2>&1 &
  local pid=$!
  run_pids+=("$pid")
  local ready=/api/health floor=()
  [[ $kind == floor ]] && ready="/api/floor?prefix=warm" && floor=(--floor)
  for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port$ready" > /dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$port$ready" > /dev/null || { echo "$host $kind did not start; see $log" >&2; tail -20 "$log" >&2; exit 1; }

  local driver=(dotnet "$DRIVER" --url "http://127.0.0.1:$port" --key "$KEY" "${floor[@]}")
  "${driver[@]}" --count 1 --minutes 5 > /dev/null || { echo "$host $kind: the warm-up did not finish; see $log" >&2; exit 1; }
  local paced=()
  [[ -n ${MINUTES:-} ]] && paced+=(--minutes "$MINUTES")
  [[ -n ${RATE:-} ]] && paced+=(--rate "$RATE")
  echo "-- $host, $kind: $COUNT (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$STATE/result"
  "${driver[@]}" --count "$COUNT" "${paced[@]}" --result "$STATE/result" || true
  [[ -s $STATE/result ]] || { echo "$host $kind: the driver wrote no figures; see $log" >&2; exit 1; }
  local name value
  while IFS='=' read -r name value; do RESULT[$host.$kind.$name]=$value; done < "$STATE/result"
  RESULT[$host.$kind.peaks]=$(peaks "$pid")
  echo "   peak RSS (VmHWM, MB, pid:MB; Functions: the host, then its worker): ${RESULT[$host.$kind.peaks]}"
  stop_run
}

hosts=(server functions)
[[ $WHICH == both ]] || hosts=("$WHICH")
# KINDS=comms runs Comms alone (a long run, such as 10,000, where the floor's own run adds nothing).
read -r -a kinds <<< "${KINDS:-floor comms}"
for host in "${hosts[@]}"; do
  for kind in "${kinds[@]}"; do
    run "$host" "$kind"
  done
done

mb() { local total=0 w; for w in $1; do total=$((total + ${w#*:})); done; echo "$total"; }
echo
echo "== Comms against the engine floor, $COUNT each, $(date -u '+%Y-%m-%d %H:%M UTC'), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-6s %8s %10s %9s %9s %9s %11s\n' host run done per-s p50-s p95-s span-s peak-RSS-MB
for host in "${hosts[@]}"; do
  for kind in "${kinds[@]}"; do
    printf '%-10s %-6s %8s %10s %9s %9s %9s %11s\n' "$host" "$kind" "${RESULT[$host.$kind.done]}/$COUNT" "${RESULT[$host.$kind.rate]}" \
      "${RESULT[$host.$kind.p50]}" "${RESULT[$host.$kind.p95]}" "${RESULT[$host.$kind.span]}" "$(mb "${RESULT[$host.$kind.peaks]}")"
  done
  [[ ${#kinds[@]} == 2 ]] && echo "$host: Comms/floor = $(python3 -c "print(f'{${RESULT[$host.comms.rate]} / ${RESULT[$host.floor.rate]}:.2f}')")"
done
