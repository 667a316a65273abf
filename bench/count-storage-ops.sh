#!/usr/bin/env bash
# Storage requests per plain e-mail (issue 15), counted from Azurite's debug log. Starts its own Azurite (in memory,
# with --debug), MailDev and one host on free loopback ports: Comms.Server (Release), or Comms.Functions published and
# run on the Azure Functions host of ../shared/functions-host. Then the load driver sends one e-mail to warm up, watches
# 30 s of idle polling, submits COUNT e-mails at once (SMTP into MailDev: no batch, chain, rate limit or consent rule)
# and prints the requests per e-mail by service, operation, owner (engine = the task hub, comms, host) and resource.
# Usage: bench/count-storage-ops.sh [server|functions] [COUNT=20]   (IDLE=seconds of the idle window, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${1:-server}
COUNT=${2:-20}
ROOT=$PWD
STATE=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 240); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; echo "nothing listens on $1" >&2; exit 1; }
BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port); PORT=$(free_port); SMTP=$(free_port); WEB=$(free_port)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # The Functions host may take its time to stop once its storage is gone.
  for _ in $(seq 1 40); do alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done; [[ $alive == 0 ]] && break; sleep 0.5; done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  cp "$STATE/host.log" /tmp/comms-count-host.log 2>/dev/null || true
  rm -rf "$STATE"
}
trap cleanup EXIT INT TERM

"$ROOT/scripts/install-prerequisites.sh" >/dev/null
dotnet build "$ROOT/bench/Comms.LoadDriver" -c Release -nologo -v quiet
case $HOST in
  server) dotnet build "$ROOT/src/Comms.Server" -c Release -nologo -v quiet ;;
  functions) dotnet publish "$ROOT/src/Comms.Functions" -c Release -nologo -v quiet -o "$STATE/functions" ;;
  *) echo "usage: $0 [server|functions] [COUNT]" >&2; exit 2 ;;
esac

"$ROOT/tools/node_modules/.bin/azurite" --silent --inMemoryPersistence --debug "$STATE/azurite-debug.log" --skipApiVersionCheck \
  --disableProductStyleUrl --blobHost 127.0.0.1 --blobPort "$BLOB" --queueHost 127.0.0.1 --queuePort "$QUEUE" \
  --tableHost 127.0.0.1 --tablePort "$TABLE" > "$STATE/azurite.log" 2>&1 &
pids+=($!)
"$ROOT/tools/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$SMTP" --web "$WEB" --silent > "$STATE/maildev.log" 2>&1 &
pids+=($!)
wait_port "$TABLE"; wait_port "$WEB"

KEY=count-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1;"
export Comms__Keys__bench__Role=admin Comms__Keys__bench__Secret=$KEY
export Comms__Email__Provider=Smtp Comms__Email__From=comms@localhost Comms__Smtp__Host=127.0.0.1 Comms__Smtp__Port=$SMTP Comms__Smtp__Security=None
export Comms__Sms__Provider=Sandbox Comms__Push__Provider=Sandbox
if [[ $HOST == server ]]; then
  dotnet "$ROOT/src/Comms.Server/bin/Release/net10.0/Comms.Server.dll" --urls "http://127.0.0.1:$PORT" > "$STATE/host.log" 2>&1 &
else
  mkdir -p "$STATE/keys"
  FUNCTIONS_HOST_MASTER_KEY=count-master-$KEY FUNCTIONS_SECRETS_PATH="$STATE/keys" \
    "$ROOT/../shared/functions-host/start" "$STATE/functions" "$PORT" > "$STATE/host.log" 2>&1 &
fi
pids+=($!)
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/api/health" > /dev/null

echo "$HOST, $COUNT e-mails, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$ROOT/bench/Comms.LoadDriver/bin/Release/net10.0/Comms.LoadDriver.dll" --url "http://127.0.0.1:$PORT" --key "$KEY" \
  --count "$COUNT" --storage-log "$STATE/azurite-debug.log" --taskhub CommsHub --maildev "http://127.0.0.1:$WEB" --idle "${IDLE:-30}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
