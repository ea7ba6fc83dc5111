#!/usr/bin/env bash
# Smoke test of the README's Run command, as a newcomer would use it: start dev mode, check that a
# call without a token is refused (401), get the demo practice's token with the README's token
# command and send the sample referral with it, accept its Task with the token of the link-worker
# service it was routed to, see the demo GP endpoint receive the update, then stop dev mode with
# SIGTERM and check it stops cleanly. Every FHIR call carries a token. Run from anywhere in the
# checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

run_cmd=(./mvnw -q -pl deploy -am -DskipTests package exec:java)   # the README's Run command
token_cmd=(./mvnw -q -pl deploy -am compile exec:java@token -Dmaven.main.skip)   # the README's token command
fhir=http://localhost:8080/fhir
gp=http://127.0.0.1:8090/fhir
data=$(mktemp -d)
log="$data/dev-mode.log"

say() { printf '[smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { say "FAILED: $*"; tail -n 40 "$log" || true; for f in "$data"/logs/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
await() { # await SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for $what"
    kill -0 "$pid" 2>/dev/null || fail "dev mode exited while waiting for $what"
    sleep 1
  done
}

say "starting dev mode: ${run_cmd[*]} (data in $data)"
PATHWAY_DATA_DIR="$data" "${run_cmd[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
await 300 "dev mode to report it is up" grep -q "Stop with Ctrl-C" "$log"

say "sending the sample referral without a token"
status=$(curl -s -o "$data/anonymous.json" -D "$data/anonymous.headers" -w '%{http_code}' -X POST "$fhir" \
  -H 'Content-Type: application/fhir+json' --data @deploy/demo/referral.json)
[[ $status == 401 ]] || fail "a referral without a token answered $status, not 401: $(cat "$data/anonymous.json")"
grep -qi '^WWW-Authenticate: Bearer' "$data/anonymous.headers" || fail "the 401 carries no WWW-Authenticate: Bearer"
say "refused without a token (401)"

token() { # token CLIENT-ID: the README's token command, which prints only the token
  local t
  t=$("${token_cmd[@]}" -Dexec.args="$1" 2>"$data/token-$1.err") || fail "the token command for $1 failed: $(cat "$data/token-$1.err")"
  [[ $t =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] || fail "the token command for $1 printed more than a token: $t"
  printf '%s' "$t"
}
say "getting the demo practice's token: ${token_cmd[*]} -Dexec.args=practice-a81001"
TOKEN=$(token practice-a81001)

say "sending the sample referral with the practice's token"
status=$(curl -s -o "$data/intake.json" -w '%{http_code}' -X POST "$fhir" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/fhir+json' --data @deploy/demo/referral.json)
[[ $status == 200 || $status == 201 ]] || fail "intake answered $status: $(cat "$data/intake.json")"

routed() { curl -s -H "Authorization: Bearer $TOKEN" "$fhir/Task" | json "next((e['resource']['id'] for e in d.get('entry', []) if 'owner' in e['resource']), '')" >"$data/task-id" && [ -s "$data/task-id" ] && [ "$(cat "$data/task-id")" != "" ]; }
await 90 "the Task to be routed to a link-worker service" routed
task=$(cat "$data/task-id")
owner=$(curl -s -H "Authorization: Bearer $TOKEN" "$fhir/Task/$task" | json "d['owner']['reference'].split('/')[-1]")
say "Task $task routed to $owner"

# The demo clients of services are named by their directory id: the owner's token accepts.
say "getting the link-worker service's token: ${token_cmd[*]} -Dexec.args=$owner"
LW_TOKEN=$(token "$owner")
# Read, change, PUT with If-Match; a 412 means Pathway added a version meanwhile: read again.
for attempt in 1 2 3 4 5; do
  curl -s -H "Authorization: Bearer $LW_TOKEN" "$fhir/Task/$task" >"$data/task.json"
  version=$(json "d['meta']['versionId']" <"$data/task.json")
  json "json.dumps({**d, 'status': 'accepted'})" <"$data/task.json" >"$data/accepted.json"
  status=$(curl -s -o "$data/update.json" -w '%{http_code}' -X PUT "$fhir/Task/$task" -H "Authorization: Bearer $LW_TOKEN" \
    -H 'Content-Type: application/fhir+json' -H "If-Match: W/\"$version\"" --data @"$data/accepted.json")
  [[ $status == 412 ]] || break
done
[[ $status == 200 ]] || fail "accepting the Task answered $status: $(cat "$data/update.json")"
say "link worker $owner accepted Task $task"

gp_told() { curl -s "$gp/Task" | json "any(e['resource'].get('status') == 'accepted' for e in d.get('entry', []))" | grep -q True; }
await 90 "the GP endpoint to receive the accepted Task" gp_told
say "the GP endpoint holds the accepted Task"

say "stopping dev mode (SIGTERM)"
kill -TERM "$pid"
deadline=$((SECONDS + 60))
while kill -0 "$pid" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "dev mode did not stop within 60 s"
  sleep 1
done
trap - EXIT
grep -q "Pathway: stopping" "$log" || fail "dev mode did not run its shutdown"
say "passed"
