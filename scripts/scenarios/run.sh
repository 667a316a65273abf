#!/usr/bin/env bash
# The full-size runs of the outage and rate-limit scenarios the suite runs scaled down (docs/performance.md).
# Each runs one end-to-end test with the sizes below and prints its figures. HOST=Server (default) or Functions.
#
#   scripts/scenarios/run.sh provider-outage   50 e-mails in flight, ACS down 10 minutes after they all wait (retries up to 30 s apart)
#   scripts/scenarios/run.sh rate-limit        300 e-mails, ACS allowing 60 a minute, two Comms.Server processes, Comms at 60
#   scripts/scenarios/run.sh rate-limit-429    the same with Comms at 120 a minute: ACS's 429s slow it down
#   scripts/scenarios/run.sh storage-outage    50 e-mails in flight, storage stopped 90 s
#   scripts/scenarios/run.sh event-grid        one Event Grid delivery of 7,500 unmatched events (just under the 1 MB body limit)
#   scripts/scenarios/run.sh batch             a bill run of 2,000 e-mails: 1,000 inline and 1,000 in an NDJSON blob, 1% invalid, 1% refused by ACS
#   scripts/scenarios/run.sh all               the six, one after another (about 45 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HOST=${HOST:-Server}
CONFIGURATION=${CONFIGURATION:-Release}
export COMMS_FUNCTIONS_HOST=${COMMS_FUNCTIONS_HOST:-$ROOT/../shared/functions-host/start}
"$ROOT/scripts/install-prerequisites.sh" >/dev/null
dotnet build "$ROOT/tests/Comms.EndToEnd.Tests" -c "$CONFIGURATION" -nologo -v quiet >/dev/null

cleanup() {
  pkill -f "$ROOT/tools/node_modules/.bin/(azurite|maildev)" 2>/dev/null || true
  pkill -f "$ROOT/src/Comms.Server/bin/$CONFIGURATION/net10.0/Comms.Server.dll" 2>/dev/null || true
  pkill -f "$ROOT/.local/functions-app/$CONFIGURATION/Comms.Functions.dll" 2>/dev/null || true
}
trap cleanup EXIT

run() { # test-name-fragment, then NAME=VALUE settings
  local test=$1; shift
  echo "== $test on $HOST ($*)"
  env "$@" dotnet test "$ROOT/tests/Comms.EndToEnd.Tests" -c "$CONFIGURATION" --no-build --nologo \
    --filter "FullyQualifiedName~+On$HOST.$test" --logger "console;verbosity=detailed" \
    -- RunConfiguration.TestSessionTimeout=3600000 2>&1 | grep -E "^\s+(Passed|Failed) |^ (Server|Functions): |Error Message" -A1 | grep -v "^--$"
}

case ${1:-all} in
  provider-outage) run Requests_in_flight_through_a_provider_outage COMMS_SCENARIO_REQUESTS=50 COMMS_SCENARIO_PROVIDER_DOWN_SECONDS=600 COMMS_SCENARIO_MAX_INTERVAL_SECONDS=30 COMMS_SCENARIO_PATIENCE_SECONDS=900 ;;
  rate-limit) run Sends_at_the_configured_limit COMMS_SCENARIO_RATE_REQUESTS=300 COMMS_SCENARIO_RATE_LIMIT=60 COMMS_SCENARIO_RATE_PERIOD_SECONDS=60 COMMS_SCENARIO_PATIENCE_SECONDS=900 ;;
  rate-limit-429) run Sends_over_the_providers_limit COMMS_SCENARIO_RATE_REQUESTS=300 COMMS_SCENARIO_RATE_LIMIT=60 COMMS_SCENARIO_RATE_PERIOD_SECONDS=60 COMMS_SCENARIO_PATIENCE_SECONDS=900 ;;
  storage-outage) run Requests_in_flight_through_a_storage_outage COMMS_STORAGE_OUTAGE_REQUESTS=50 COMMS_STORAGE_OUTAGE_SECONDS=90 COMMS_SCENARIO_PATIENCE_SECONDS=600 ;;
  event-grid) run Thousands_of_unmatched_events COMMS_SCENARIO_EVENTS=7500 ;;
  batch) run A_bill_run_inline_and_from_a_blob COMMS_SCENARIO_BATCH_ITEMS=2000 COMMS_SCENARIO_PATIENCE_SECONDS=2700 ;;
  all) for s in rate-limit rate-limit-429 storage-outage event-grid provider-outage batch; do "$0" "$s"; done ;;
  *) echo "usage: $0 [provider-outage|rate-limit|rate-limit-429|storage-outage|event-grid|batch|all]" >&2; exit 2 ;;
esac
