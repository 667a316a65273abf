#!/usr/bin/env bash
# Runs every test: builds the solution (warnings are errors), then the unit, storage, Functions and end-to-end
# tests. The tests start their own Azurite, MailDev, Comms.Server and Functions-host processes on free loopback ports
# and stop them when they finish. Every end-to-end test runs on both hosts: Comms.Server, and the published
# Comms.Functions on the real Azure Functions host, whose start script COMMS_FUNCTIONS_HOST names (default
# ../shared/functions-host/start beside the repository); without one, the Functions-host runs are reported as
# skipped, with the reason. Prints the end-to-end count per host, then "N passed, N failed" (", N skipped" when
# some were) counted from the results.
#
#   ./scripts/test.sh [all|fast|integration|e2e]
#     fast         unit tests only (Comms.Core.Tests, Comms.Api.Tests): no processes, no storage; seconds
#     integration  storage, providers, PDF, the Functions metadata and the deployment (Azurite, MailDev, OpenSSH, Chromium)
#     e2e          end to end on both hosts
#     all          the three lanes, in that order (the default; what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LANE=${1:-all}
case $LANE in
  fast) PROJECTS=(tests/Comms.Core.Tests tests/Comms.Api.Tests) ;;
  integration) PROJECTS=(tests/Comms.Infrastructure.Tests tests/Comms.Functions.Tests tests/Comms.Deployment.Tests) ;;
  e2e) PROJECTS=(tests/Comms.EndToEnd.Tests) ;;
  all) PROJECTS=(tests/Comms.Core.Tests tests/Comms.Api.Tests tests/Comms.Infrastructure.Tests tests/Comms.Functions.Tests tests/Comms.Deployment.Tests tests/Comms.EndToEnd.Tests) ;;
  *) echo "usage: $0 [all|fast|integration|e2e]" >&2; exit 2 ;;
esac
CONFIGURATION=${CONFIGURATION:-Release}
RESULTS=$ROOT/.local/test-results
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

if [[ $LANE != fast ]]; then
  "$ROOT/scripts/install-prerequisites.sh"
fi

cleanup() {
  # Anything a test run left behind (a crashed test host cannot kill its children).
  # An Azurite a test paused (SIGSTOP, the storage outage tests) holds SIGTERM until it runs again: continue it first.
  pkill -CONT -f "$ROOT/tools/node_modules/.bin/(azurite|maildev)" 2>/dev/null || true
  pkill -f "$ROOT/tools/node_modules/.bin/(azurite|maildev)" 2>/dev/null || true
  pkill -f "$ROOT/src/Comms.Server/bin/$CONFIGURATION/net10.0/Comms.Server.dll" 2>/dev/null || true
  pkill -f "AzureWebJobsScriptRoot=$ROOT/.local/functions-app" 2>/dev/null || true
  pkill -f "$ROOT/.local/functions-app/$CONFIGURATION/Comms.Functions.dll" 2>/dev/null || true
}
trap cleanup EXIT

# Warnings are errors through Directory.Build.props (TreatWarningsAsErrors), not -warnaserror, which would also
# fail the Functions SDK's generated WorkerExtensions restore on NuGet's NU1603 notices.
if [[ $LANE == fast ]]; then
  for project in "${PROJECTS[@]}"; do dotnet build "$ROOT/$project" -c "$CONFIGURATION" -nologo -v quiet; done
else
  dotnet build "$ROOT/Comms.sln" -c "$CONFIGURATION" -nologo -v quiet
fi

# One lane after another, fastest first: a broken unit stops nothing, but its failure shows before the slow lanes run.
status=0
for project in "${PROJECTS[@]}"; do
  dotnet test "$ROOT/$project" -c "$CONFIGURATION" --no-build --nologo -v quiet \
    --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=1200000 || status=$?
done

python3 - "$RESULTS" "$LANE" <<'PY'
import collections, glob, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
# End-to-end tests per host: test classes ending in OnServer / OnFunctions (tests/Comms.EndToEnd.Tests/Hosts).
hosts = collections.defaultdict(collections.Counter)
for f in files:
    for r in ET.parse(f).getroot().iter("{%s}UnitTestResult" % ns["t"]):
        m = re.search(r"On(Server|Functions)\.", r.get("testName", ""))
        if m:
            hosts[m.group(1)][r.get("outcome", "")] += 1
for host in ("Server", "Functions") if sys.argv[2] in ("all", "e2e") else ():
    c = hosts[host]
    label = "Comms.Server" if host == "Server" else "Comms.Functions on the Functions host"
    print(f"end-to-end on {label}: {c['Passed']} passed, {c['Failed']} failed, {c['NotExecuted']} skipped")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
if not files:
    failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
exit $status
