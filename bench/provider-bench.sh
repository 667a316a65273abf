#!/usr/bin/env bash
# Sends per second of one Comms.Server per channel against the local provider fakes (ACS SMS and e-mail,
# Notification Hubs, a Standard Webhooks receiver). Starts its own Azurite, fakes and Comms.Server (Release) on
# free loopback ports, runs the load driver once per channel, and stops everything. Usage: bench/provider-bench.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100}
# shellcheck source=bench/local-stack.sh
source bench/local-stack.sh

for channel in sms email pushToHandset pushToExternal; do
  dotnet "$ROOT/bench/Comms.LoadDriver/bin/Release/net10.0/Comms.LoadDriver.dll" --url "http://127.0.0.1:$PORT" --key "$KEY" --count 1 --channel "$channel" > /dev/null
  dotnet "$ROOT/bench/Comms.LoadDriver/bin/Release/net10.0/Comms.LoadDriver.dll" --url "http://127.0.0.1:$PORT" --key "$KEY" --count "$COUNT" --channel "$channel"
done
tail -1 "$STATE/fakes.log"
