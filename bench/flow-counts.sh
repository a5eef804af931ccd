#!/usr/bin/env bash
# What one sign-in does, counted rather than timed: N sequential sign-ins through the demo login URL
# (after ./suite up), following every redirect with curl as the README does, one sign-in at a time so
# that no commit shares a WAL flush with another. Prints redirects and PostgreSQL WAL syncs
# (pg_stat_wal.wal_sync, server-wide: run it on a quiet machine) per sign-in.
# Usage: bench/flow-counts.sh [N]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .suite/demo.env ] || { echo "flow-counts: run ./suite up first" >&2; exit 1; }
set -a; . .suite/demo.env; set +a
n="${1:-100}"
sql() {
  PGPASSWORD="${JITSSO_DB_PASSWORD:-jitsso}" psql -X -q -t -A -h "${JITSSO_DB_HOST:-127.0.0.1}" \
    -p "${JITSSO_DB_PORT:-5432}" -U "${JITSSO_DB_USER:-jitsso}" -d postgres -c "$1"
}
# backends report their WAL statistics when idle, at most every 10 s
settle() { sleep 12; sql "select wal_sync from pg_stat_wal"; }
before="$(settle)"
redirects=0
jar="$(mktemp)"; trap 'rm -f "$jar"' EXIT
for _ in $(seq "$n"); do
  : >"$jar"; url="$LOGIN_URL"; hops=0
  while loc="$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$url")" && [ -n "$loc" ]; do
    hops=$((hops + 1))
    case "$loc" in "$DEMO_REDIRECT_URI"*) break ;; esac
    url="$loc"
  done
  case "$loc" in "$DEMO_REDIRECT_URI"*code=*) ;; *) echo "flow-counts: a sign-in ended at '$loc'" >&2; exit 1 ;; esac
  redirects=$((redirects + hops))
done
after="$(settle)"
awk -v n="$n" -v r="$redirects" -v w="$((after - before))" \
  'BEGIN { printf "sign-ins=%d redirects/sign-in=%.2f wal_sync/sign-in=%.2f\n", n, r / n, w / n }'
