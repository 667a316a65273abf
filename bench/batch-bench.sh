#!/usr/bin/env bash
# A bill run on the local run: one batch of N e-mails (default 10,000) as an NDJSON blob in comms-batches, through
# one Comms.Server on its own Azurite with the fake ACS (bench/Comms.FakeProviders). Prints the time to accept the
# batch, to read every line, until every item is sent, and the server's peak memory (VmHWM). Azurite keeps its data in
# memory (AZURITE_STORAGE=disk for its database on disk). Usage: [MINUTES=90] bench/batch-bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
AZURITE_STORAGE=${AZURITE_STORAGE:-memory}
# shellcheck source=bench/local-stack.sh
source bench/local-stack.sh

dotnet "$ROOT/bench/Comms.LoadDriver/bin/Release/net10.0/Comms.LoadDriver.dll" --url "http://127.0.0.1:$PORT" --key "$KEY" --batch "$COUNT" --channel email --storage "$AzureWebJobsStorage" --minutes "${MINUTES:-90}" || true
echo "Comms.Server peak memory: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SERVER/status)"
