#!/usr/bin/env bash
# Runs Comms locally: Azurite (storage), MailDev (an SMTP inbox with a web page) and Comms.Server.
# Installs what is missing first. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=$ROOT/.local
mkdir -p "$STATE/azurite"

PORT=${COMMS_PORT:-7071}
SMTP_PORT=${COMMS_SMTP_PORT:-1025}
MAIL_WEB_PORT=${COMMS_MAIL_WEB_PORT:-1080}

"$ROOT/scripts/install-prerequisites.sh"

# One key per role (README, Keys and roles), kept across runs: .local/api-key is the admin key, .local/api-key-{role} each.
new_key() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }
for role in admin submit agent events; do
  file=$STATE/api-key-$role
  [[ $role == admin ]] && file=$STATE/api-key
  [[ -s $file ]] || new_key > "$file"
done
API_KEY=$(cat "$STATE/api-key")
SUBMIT_KEY=$(cat "$STATE/api-key-submit")
AGENT_KEY=$(cat "$STATE/api-key-agent")
EVENTS_KEY=$(cat "$STATE/api-key-events")

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_port() { # host port name
  for _ in $(seq 1 120); do (echo > /dev/tcp/$1/$2) 2>/dev/null && return 0; sleep 0.5; done
  echo "$3 did not start on port $2" >&2; exit 1
}

"$ROOT/tools/node_modules/.bin/azurite" --silent --location "$STATE/azurite" --skipApiVersionCheck --disableProductStyleUrl \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > "$STATE/azurite.log" 2>&1 &
pids+=($!)
"$ROOT/tools/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAIL_WEB_PORT" --silent > "$STATE/maildev.log" 2>&1 &
pids+=($!)
wait_port 127.0.0.1 10000 Azurite; wait_port 127.0.0.1 10002 Azurite; wait_port 127.0.0.1 "$MAIL_WEB_PORT" MailDev

dotnet build "$ROOT/src/Comms.Server" -c Release -nologo -v quiet

export AzureWebJobsStorage=UseDevelopmentStorage=true
export Comms__Keys__admin__Role=admin Comms__Keys__admin__Secret=$API_KEY
export Comms__Keys__billing__Role=submit Comms__Keys__billing__Secret=$SUBMIT_KEY
export Comms__Keys__agent__Role=agent Comms__Keys__agent__Secret=$AGENT_KEY
export Comms__Keys__eventgrid__Role=events Comms__Keys__eventgrid__Secret=$EVENTS_KEY
export Comms__Email__Provider=${Comms__Email__Provider:-Smtp}
export Comms__Email__From=${Comms__Email__From:-comms@localhost}
export Comms__Smtp__Host=127.0.0.1 Comms__Smtp__Port=$SMTP_PORT Comms__Smtp__Security=None
export Comms__Sms__Provider=${Comms__Sms__Provider:-Sandbox} Comms__Push__Provider=${Comms__Push__Provider:-Sandbox}

dotnet "$ROOT/src/Comms.Server/bin/Release/net10.0/Comms.Server.dll" --urls "http://127.0.0.1:$PORT" > "$STATE/comms-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/api/health" > /dev/null || { echo "Comms.Server did not become healthy; see $STATE/comms-server.log" >&2; tail -30 "$STATE/comms-server.log" >&2; exit 1; }

cat <<INFO

Comms is running.
  API:          http://127.0.0.1:$PORT/api   (health: http://127.0.0.1:$PORT/api/health)
  API keys (header x-functions-key, or ?code=), one per role:
    admin:      $API_KEY   (.local/api-key)
    submit:     $SUBMIT_KEY   (.local/api-key-submit)
    agent:      $AGENT_KEY   (.local/api-key-agent)
    events:     $EVENTS_KEY   (.local/api-key-events)
  Mail inbox:   http://127.0.0.1:$MAIL_WEB_PORT/   (SMTP on 127.0.0.1:$SMTP_PORT)
  Storage:      Azurite on 127.0.0.1:10000-10002 (data in .local/azurite)
  Logs:         .local/*.log

Try it:
  curl -s -X POST http://127.0.0.1:$PORT/api/comms -H "x-functions-key: $API_KEY" -H 'content-type: application/json' \\
    -d '{"accountId":"ACC-1001","commsType":"InvoiceReady","channel":"email","target":{"name":"Ada Lovelace","email":"ada@example.com"},"data":{"invoiceNumber":"INV-1","amountDue":42.50,"dueDate":"2026-12-01"}}'

Ctrl-C stops Comms, Azurite and MailDev.
INFO
wait "${pids[@]}"
