#!/usr/bin/env bash
# Schemathesis against the REST API's OpenAPI schema, over HTTP, on PostgreSQL:
# gunicorn serves a fresh database with the demo data and an API client
# that may read and book everywhere; schemathesis generates requests from
# /api/v1/schema/ (valid and invalid ones) and checks every answer: no 5xx,
# a status, content type and body that the schema declares. At least
# MIN_CASES cases must run. Called by .ci/run; runnable alone.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${CI_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
DB_NAME="${SCHEMATHESIS_DB:-schemathesis_api}"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-150}"
MIN_CASES="${SCHEMATHESIS_MIN_CASES:-1000}"
export DEBUG=1 DATABASE_URL="${PG_URL%/*}/$DB_NAME" API_RATE=1000000/m LOG_LEVEL=WARNING
# Bookings are refused past the cap per patient and specialty only for
# the person who holds them; generated patients are many.
export BOOKING_RATE=1000000/h SEARCH_RATE=1000000/m

WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
    [ -f "$WORK/gunicorn.pid" ] && kill "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "fresh database $DB_NAME"
.venv/bin/python - "${PG_URL%/*}/postgres" "$DB_NAME" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py seed_demo >/dev/null
FINESS="$(.venv/bin/python manage.py shell -v 0 -c "from hospital.models import Establishment as E; print(','.join(E.objects.filter(is_member=True).values_list('finess', flat=True)))")"
TOKEN="$(.venv/bin/python manage.py create_api_client schemathesis --finess "$FINESS" --rights read,book | tail -n1)"

# No request-line limit here: gunicorn's own HTML 400 for a line over 4 KB is
# the front end's business (the proxy's limits), not the application's answer.
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
    --limit-request-line 0 \
    --pid "$WORK/gunicorn.pid" --daemon --error-logfile "$WORK/gunicorn.log"
for _ in $(seq 100); do
    .venv/bin/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/api/v1/schema/', timeout=2)" 2>/dev/null && break
    sleep 0.2
done

echo "schemathesis: $EXAMPLES examples per operation"
status=0
.venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/v1/schema/" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$EXAMPLES" --seed 15 --no-shrink --workers 1 \
    --generation-database none --request-timeout 30 --warnings off \
    --report ndjson --report-ndjson-path "$WORK/events.ndjson" || status=$?

cases="$(.venv/bin/python - "$WORK/events.ndjson" <<'PY'
import json, sys
total = 0
for line in open(sys.argv[1]):
    event = json.loads(line)
    for name, body in event.items():
        if name == "ScenarioFinished":
            total += len(body.get("recorder", {}).get("cases", {}))
print(total)
PY
)"
echo "schemathesis ran $cases test cases"
if grep -q "Traceback" "$WORK/gunicorn.log"; then
    grep -B2 -A20 "Traceback" "$WORK/gunicorn.log" | head -80
    echo "FAIL: the server raised errors" >&2
    exit 1
fi
[ "$status" -eq 0 ] || { echo "FAIL: schemathesis found failures" >&2; exit "$status"; }
[ "$cases" -ge "$MIN_CASES" ] || { echo "FAIL: only $cases cases (at least $MIN_CASES)" >&2; exit 1; }
echo "schemathesis: $cases cases, no server error, every answer as the schema says"
