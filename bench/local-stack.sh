# Sourced by the bench scripts: builds Comms.Server, the provider fakes and the load driver, and starts Azurite, the
# fakes (bench/Comms.FakeProviders) and one Comms.Server (Release) on free loopback ports. Sets ROOT, PORT, KEY,
# SERVER (its pid) and AzureWebJobsStorage; everything started is stopped when the script exits.
ROOT=$PWD
STATE=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port); PORT=$(free_port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; cp "$STATE/server.log" /tmp/comms-bench-server.log 2>/dev/null || true; rm -rf "$STATE"; }
trap cleanup EXIT INT TERM

"$ROOT/scripts/install-prerequisites.sh" >/dev/null
dotnet build "$ROOT/src/Comms.Server" -c Release -nologo -v quiet
dotnet build "$ROOT/bench/Comms.FakeProviders" -c Release -nologo -v quiet
dotnet build "$ROOT/bench/Comms.LoadDriver" -c Release -nologo -v quiet

# AZURITE_STORAGE=memory keeps Azurite's data in memory: with tens of thousands of rows its on-disk database, rewritten
# as it grows, becomes the bottleneck (one core at 100% while Comms.Server idles).
if [[ ${AZURITE_STORAGE:-disk} == memory ]]; then AZURITE_DATA=(--inMemoryPersistence); else AZURITE_DATA=(--location "$STATE"); fi
"$ROOT/tools/node_modules/.bin/azurite" --silent "${AZURITE_DATA[@]}" --skipApiVersionCheck --disableProductStyleUrl \
  --blobHost 127.0.0.1 --blobPort "$BLOB" --queueHost 127.0.0.1 --queuePort "$QUEUE" --tableHost 127.0.0.1 --tablePort "$TABLE" > "$STATE/azurite.log" 2>&1 &
pids+=($!)
dotnet "$ROOT/bench/Comms.FakeProviders/bin/Release/net10.0/Comms.FakeProviders.dll" --settings "$STATE/settings.sh" > "$STATE/fakes.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do [[ -s $STATE/settings.sh ]] && (echo > /dev/tcp/127.0.0.1/$TABLE) 2>/dev/null && break; sleep 0.5; done

KEY=bench-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
# shellcheck disable=SC1091
source "$STATE/settings.sh"
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1;"
export Comms__Keys__bench__Role=admin Comms__Keys__bench__Secret=$KEY
dotnet "$ROOT/src/Comms.Server/bin/Release/net10.0/Comms.Server.dll" --urls "http://127.0.0.1:$PORT" > "$STATE/server.log" 2>&1 &
SERVER=$!
pids+=("$SERVER")
for _ in $(seq 1 180); do curl -fsS "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1 && break; sleep 0.5; done
