#!/usr/bin/env bash
# Create, seed and measure the engine benchmark databases (PostgreSQL on 127.0.0.1).
# Usage: bash bench/run_engine.sh [--reuse]   (--reuse keeps already seeded databases)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="postgres://postgres@127.0.0.1:5432"
export DEBUG=0 SECRET_KEY="bench-only-not-a-secret" SITE_URL=https://bench.invalid

seed() {  # seed NAME SIZE
    if [ "${1:-}" != "" ] && [ "${REUSE:-0}" = 1 ] && psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$1"; then
        echo "reusing $1"; return
    fi
    dropdb -h 127.0.0.1 -U postgres --if-exists "$1"
    createdb -h 127.0.0.1 -U postgres "$1"
    DATABASE_URL="$PG/$1" .venv/bin/python manage.py migrate -v0 --skip-checks
    echo "seeding $1 (--size $2)"
    /usr/bin/time -f "  seeded in %e s" env DATABASE_URL="$PG/$1" .venv/bin/python manage.py seed_demo --skip-checks --size "$2" | tail -n 12
    psql -h 127.0.0.1 -U postgres -qc "VACUUM ANALYZE" "$1"
}

[ "${1:-}" = "--reuse" ] && REUSE=1
seed bench_large large
seed bench_medium medium
DATABASE_URL="$PG/bench_large" BENCH_SMALL_URL="$PG/bench_medium" .venv/bin/python bench/engine.py
