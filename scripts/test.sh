#!/usr/bin/env bash
# Runs every test: builds the solution (warnings are errors), then the unit, storage, Functions and end-to-end
# tests. The tests start their own Azurite, MailDev and Comms.Server processes on free loopback ports and stop
# them when they finish. Prints "N passed, N failed" (", N skipped" when some were) counted from the results.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIGURATION=${CONFIGURATION:-Release}
RESULTS=$ROOT/.local/test-results
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

"$ROOT/scripts/install-prerequisites.sh"

cleanup() {
  # Anything a test run left behind (a crashed test host cannot kill its children).
  pkill -f "$ROOT/tools/node_modules/.bin/(azurite|maildev)" 2>/dev/null || true
  pkill -f "$ROOT/src/Comms.Server/bin/$CONFIGURATION/net10.0/Comms.Server.dll" 2>/dev/null || true
}
trap cleanup EXIT

# Warnings are errors through Directory.Build.props (TreatWarningsAsErrors), not -warnaserror, which would also
# fail the Functions SDK's generated WorkerExtensions restore on NuGet's NU1603 notices.
dotnet build "$ROOT/Comms.sln" -c "$CONFIGURATION" -nologo -v quiet

status=0
dotnet test "$ROOT/Comms.sln" -c "$CONFIGURATION" --no-build --nologo -v quiet \
  --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=1200000 || status=$?

python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
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
