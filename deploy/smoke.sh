#!/usr/bin/env bash
# Smoke test of the README's Run command, as a newcomer would use it: start dev mode, check that a
# call without a token is refused (401), get the demo practice's token with the README's token
# command and send the sample referral with it, open the signed link the link-worker service was
# emailed (found on dev mode's mailbox page) and press Accept on the portal's page, see the demo GP
# endpoint receive the update, then stop dev mode with SIGTERM and check it stops cleanly. Every
# FHIR call carries a token. Run from anywhere in the checkout.
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
# A fresh clone's first build of every module happens inside this wait (about 3 min on a quiet
# 2-core machine, much longer on a busy one).
await 600 "dev mode to report it is up" grep -q "Stop with Ctrl-C" "$log"

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

# The link worker answers as a person would: the email the router asked for carries a signed link
# to the portal; the dev mailbox page lists it. Open the link, press Accept on the page (the form
# posted as a browser posts it), and see the page say the answer was recorded.
mailbox=http://127.0.0.1:8025/
emailed_link() { curl -s "$mailbox" | python3 -c "
import html, re, sys
page = sys.stdin.read()
for article in reversed(page.split('<article>')[1:]):
    if '$task' in article:
        links = re.findall(r'href=\"(http://localhost:8088/l/[^\"]+)\"', article)
        if links:
            print(html.unescape(links[0])); break
" >"$data/link" && [ -s "$data/link" ]; }
await 90 "the link worker's email with a signed link (on the mailbox page $mailbox)" emailed_link
link=$(cat "$data/link")
say "the link worker's email carries a signed link: ${link:0:60}..."
curl -s "$link" >"$data/page.html"
grep -q 'A referral for your service' "$data/page.html" || fail "the link opened no referral page: $(head -c 600 "$data/page.html")"
python3 - "$data/page.html" "$link" >"$data/accept.form" <<'PY' || fail "the page offers no Accept button"
import html.parser, sys, urllib.parse
class Forms(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.forms = []; self.form = None; self.button = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.form = {'action': a.get('action', ''), 'fields': [], 'buttons': []}
        elif self.form is not None and tag == 'input' and a.get('type') == 'hidden':
            self.form['fields'].append((a.get('name'), a.get('value') or ''))
        elif self.form is not None and tag == 'button':
            self.button = True
    def handle_data(self, data):
        if self.button: self.form['buttons'].append(data.strip())
    def handle_endtag(self, tag):
        if tag == 'button': self.button = False
        if tag == 'form' and self.form is not None: self.forms.append(self.form); self.form = None
forms = Forms(); forms.feed(open(sys.argv[1]).read())
accept = next(f for f in forms.forms if 'Accept' in f['buttons'])
print(urllib.parse.urljoin(sys.argv[2], accept['action']))
print(urllib.parse.urlencode(accept['fields']))
PY
action=$(sed -n 1p "$data/accept.form")
# --data makes it a POST without -X, so curl follows the portal's 303 with a GET, as a browser does.
curl -s -L -o "$data/answered.html" "$action" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data "$(sed -n 2p "$data/accept.form")"
grep -q 'Your answer has been recorded' "$data/answered.html" || fail "pressing Accept was not recorded: $(head -c 800 "$data/answered.html")"
say "link worker $owner accepted Task $task from the emailed link"

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
