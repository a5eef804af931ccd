#!/usr/bin/env bash
# JIT SSO Suite benchmark: silent authentication and client-credentials throughput and latency of
# session-service, with Keycloak 26.7.3 as the peer on the same machine in the same run.
#
#   ./suite up          # first: PostgreSQL, Kafka, the four services (this script checks it)
#   bench/run.sh        # then this; docs/benchmarks.md explains the method and the numbers
#
# What it does:
#   1. fetches keycloak-quarkus-dist 26.7.3 from Maven Central once into .cache/keycloak/, builds it
#      for PostgreSQL once (kc.sh build), starts it in production mode (start --optimized) on
#      :18080 with database keycloak_bench, and configures realm `bench` through the admin REST API;
#   2. restarts session-service the way ./suite does, plus JITSSO_RATE_LIMIT_PER_CLIENT and
#      JITSSO_RATE_LIMIT_PER_SESSION = 100000000 (the limits would otherwise cap the benchmark);
#      the service is restarted again with its normal limits when this script exits;
#   3. creates tenant `bench` and app `bench-app` and opens BENCH_SESSIONS sessions; mints as many
#      Keycloak refresh tokens (one user session each);
#   4. per round: saturation throughput with wrk (warm-up, then measured run) for
#        ours client_credentials, Keycloak client_credentials, ours silent auth, Keycloak refresh_token,
#      then open-loop constant-rate latency at half of each side's own saturation (bench/OpenLoop.java);
#   Before every measured run it runs VACUUM (ANALYZE) on both databases (this machine's PostgreSQL
#   has autovacuum off), and bench/cpuwatch.py checks that no other process took the CPU meanwhile.
#   5. prints a markdown summary; raw outputs go to bench/results/raw/<timestamp>/ (git-ignored).
#
# Any non-2xx answer or socket error in a measured run fails the script: such a run is no result.
#
# Settings (environment): BENCH_ROUNDS (2), BENCH_DURATION (20 s), BENCH_WARMUP (10 s),
# BENCH_THREADS (2), BENCH_CONNS (32), BENCH_SESSIONS (2000), BENCH_LATENCY_DURATION (20 s),
# BENCH_LATENCY_WARMUP (5 s at the same rate before the counted latency run),
# BENCH_MAX_LOAD (1.5: wait until the 1-minute load average is below it before starting),
# BENCH_MAX_BUSY (30: % of CPU that other processes may use right before a measurement),
# BENCH_MAX_FOREIGN (10: % of the machine that processes other than ours may use *during* a measured
# run, per bench/cpuwatch.py; above it the measurement is repeated), BENCH_ATTEMPTS (3: tries per
# measurement; the last one is kept, marked, if every try was disturbed),
# BENCH_MAX_PEER (1.5: % of the machine the side not measured, Keycloak or ours with their databases,
# may use before and during a measured run; Keycloak writes sessions in the background for a while
# after its refresh-token run, which put 150-250 ms into our p99 in R7 and R8),
# BENCH_KC_PORT (18080), BENCH_KC_JAVA_HOME (/usr/lib/jvm/temurin-25-jdk-amd64),
# BENCH_PROFILE=1 (JFR profile of the server under test during each saturation run of round 1, in the
# raw directory as r1-<name>.jfr; costs a few % of throughput: not for the reported numbers).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

# ./suite defines start_service/stop_components/wait_healthy/... and does nothing else when sourced.
# Sourced at top level: its `declare -A` tables must stay global.
# shellcheck source=../suite
. "$ROOT/suite"
cd "$ROOT"

ROUNDS="${BENCH_ROUNDS:-2}"
DURATION="${BENCH_DURATION:-20}"
WARMUP="${BENCH_WARMUP:-10}"
THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNS:-32}"
N_SESSIONS="${BENCH_SESSIONS:-2000}"
LAT_DURATION="${BENCH_LATENCY_DURATION:-20}"
MAX_LOAD="${BENCH_MAX_LOAD:-1.5}"
MAX_BUSY="${BENCH_MAX_BUSY:-30}"
MAX_FOREIGN="${BENCH_MAX_FOREIGN:-10}"
MAX_PEER="${BENCH_MAX_PEER:-1.5}"
ATTEMPTS="${BENCH_ATTEMPTS:-3}"
LAT_WARMUP="${BENCH_LATENCY_WARMUP:-5}"
PROFILE="${BENCH_PROFILE:-0}"
RATE_OVERRIDE=100000000

KC_VERSION=26.7.3
KC_PORT="${BENCH_KC_PORT:-18080}"
KC_JAVA_HOME="${BENCH_KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
KC_CACHE="$ROOT/.cache/keycloak"
KC_ZIP="$KC_CACHE/keycloak-quarkus-dist-$KC_VERSION.zip"
KC_HOME="$KC_CACHE/keycloak-$KC_VERSION"
KC_URL="https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
KC_DB="keycloak_bench$DB_SUFFIX"
KC_BASE="http://127.0.0.1:$KC_PORT"
KC_REALM=bench
KC_CLIENT=bench-client
KC_USER=bench-user

OURS_BASE="http://127.0.0.1:${SVC_PORT[session]}"
TENANT=bench
APP=bench-app

RAW="$ROOT/bench/results/raw/$(date +%Y%m%d-%H%M%S)"
RESULTS="$RAW/results.tsv"
export BENCH_WRK_DIR="$BENCH_DIR/wrk"

KC_SCRIPT_PID=""
SESSION_RESTARTED=0

b_say() { printf 'bench: %s\n' "$*" >&2; }
b_die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# preflight

preflight() {
  local missing=()
  have wrk || missing+=(wrk)
  have python3 || missing+=(python3)
  have psql || missing+=(postgresql-client)
  have unzip || missing+=(unzip)
  have jq || missing+=(jq)
  have curl || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  [ -x "$KC_JAVA_HOME/bin/java" ] || b_die "Keycloak $KC_VERSION needs JDK 21+: $KC_JAVA_HOME/bin/java not found (set BENCH_KC_JAVA_HOME)"
  [ -f "$SECRETS_FILE" ] || b_die "no $SECRETS_FILE: run ./suite up first"
  local code
  code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$OURS_BASE/q/health/ready" || true)"
  [ "$code" = 200 ] || b_die "session-service is not ready on :8081 (health answered '${code:-nothing}'): run ./suite up first"
  running_pid session >/dev/null || b_die "session-service on :8081 was not started by ./suite up (no matching .suite/pids/session.pid): run ./suite up"
  port_open "$KAFKA_PORT" || b_die "Kafka is not listening on $KAFKA_PORT: run ./suite up first"
  setup_java
  ensure_secrets
  mkdir -p "$RAW/classes"
  : >"$RESULTS"
  "$KC_JAVA_HOME/bin/javac" -d "$RAW/classes" "$BENCH_DIR/OpenLoop.java" || b_die "could not compile bench/OpenLoop.java"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Busy CPU % of the whole machine over $1 seconds (from /proc/stat).
cpu_busy() {
  local a b
  a=($(head -n1 /proc/stat)); sleep "${1:-3}"; b=($(head -n1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  [ "$total" -gt 0 ] || { echo 0; return; }
  echo $(( 100 * (total - idle) / total ))
}

wait_for_quiet_load() {
  local waited=0
  while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN{exit !(l > m)}'; do
    if [ "$waited" -ge 600 ]; then
      b_say "WARNING: 1-minute load average still $(load1) after 10 min; going on: every measurement still waits for an idle CPU and is repeated when other processes disturb it"
      return 0
    fi
    b_say "1-minute load average $(load1) > $MAX_LOAD: waiting for other work to finish ($waited s so far)"
    sleep 30; waited=$((waited + 30))
  done
}

# Right before a measurement: other processes must leave the CPU alone (our services idle at a few %).
wait_for_idle_cpu() {
  local busy waited=0
  while :; do
    busy="$(cpu_busy 3)"
    [ "$busy" -le "$MAX_BUSY" ] && break
    [ "$waited" -lt 600 ] || b_die "CPU still ${busy}% busy before a measurement after 10 min: the machine is busy"
    b_say "CPU ${busy}% busy before a measurement: waiting ($waited s so far)"
    ps -eo pid,pcpu,etime,args --sort=-pcpu | head -n 6 | cut -c1-160 >&2
    sleep 20; waited=$((waited + 20))
  done
  echo "$busy"
}

machine_facts() {
  {
    echo "date: $(date -Is)"
    echo "nproc: $(nproc)"
    lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|Hypervisor|L2|L3)' || true
    free -h | head -n 2
    echo "kernel: $(uname -sr)"
    echo "session-service JVM: $("$JAVA" -version 2>&1 | head -n 2 | tr '\n' ' ')"
    echo "Keycloak JVM: $("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tr '\n' ' ')"
    echo "PostgreSQL: $(PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c 'show server_version' 2>/dev/null)"
    echo "PostgreSQL autovacuum: $(PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c 'show autovacuum' 2>/dev/null) (the benchmark runs VACUUM ANALYZE itself before every measured run)"
    echo "PostgreSQL synchronous_commit: $(PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c 'show synchronous_commit' 2>/dev/null), fsync: $(PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -c 'show fsync' 2>/dev/null)"
    echo "wrk: $(wrk -v 2>&1 | head -n 1)"
    echo "python: $(python3 --version 2>&1)"
    echo "open-loop generator JVM: $("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
    echo "uptime at start: $(uptime)"
    echo "load generator (wrk / OpenLoop.java) runs on the same 2 cores as the services, PostgreSQL and Kafka"
  } >"$RAW/machine.txt"
}

# ---------------------------------------------------------------------------------------------
# Keycloak

kc_install() {
  mkdir -p "$KC_CACHE"
  if [ ! -f "$KC_ZIP" ]; then
    b_say "Keycloak: downloading keycloak-quarkus-dist $KC_VERSION from Maven Central (once, ~170 MB)"
    curl -fsSL -o "$KC_ZIP.part" "$KC_URL"
    local want got
    want="$(curl -fsSL "$KC_URL.sha1" | cut -c1-40)"
    got="$(sha1sum "$KC_ZIP.part" | cut -c1-40)"
    [ "$want" = "$got" ] || b_die "Keycloak zip sha1 mismatch ($got, Central says $want)"
    mv "$KC_ZIP.part" "$KC_ZIP"
  fi
  if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    b_say "Keycloak: unzipping"
    rm -rf "$KC_HOME"
    unzip -q "$KC_ZIP" -d "$KC_CACHE"
  fi
  # production mode: build once for PostgreSQL, then `start --optimized` skips re-augmentation
  if [ ! -f "$KC_HOME/.bench-built-postgres" ]; then
    b_say "Keycloak: kc.sh build --db=postgres (once, ~35 s)"
    JAVA_HOME="$KC_JAVA_HOME" "$KC_HOME/bin/kc.sh" build --db=postgres >"$RAW/keycloak-build.log" 2>&1 \
      || { tail -n 30 "$RAW/keycloak-build.log" >&2; b_die "kc.sh build failed"; }
    touch "$KC_HOME/.bench-built-postgres"
  fi
}

kc_database() {
  local exists
  exists="$(PGPASSWORD="$DB_PASSWORD" psql -X -tA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres \
            -c "SELECT 1 FROM pg_database WHERE datname = '$KC_DB'")"
  if [ "$exists" != 1 ]; then
    b_say "PostgreSQL: creating database $KC_DB (owner $DB_USER)"
    PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres \
      -c "CREATE DATABASE $KC_DB" || b_die "could not create database $KC_DB as $DB_USER (needs CREATEDB; ./suite up grants it)"
  fi
}

kc_java_pid() { [ -n "$KC_SCRIPT_PID" ] && pgrep -P "$KC_SCRIPT_PID" -f "$KC_HOME" | head -n 1; }

kc_start() {
  require_port_free "$KC_PORT" "Keycloak (BENCH_KC_PORT)"
  b_say "Keycloak: starting $KC_VERSION (production mode, start --optimized) on :$KC_PORT, log $RAW/keycloak.log"
  # kc.sh runs Java as its child; TERM to kc.sh is forwarded to it
  env JAVA_HOME="$KC_JAVA_HOME" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$KC_HOME/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
      --http-port="$KC_PORT" --db-url="jdbc:postgresql://$DB_HOST:$DB_PORT/$KC_DB" \
      --db-username="$DB_USER" --db-password="$DB_PASSWORD" \
      </dev/null >"$RAW/keycloak.log" 2>&1 9>&- &
  KC_SCRIPT_PID=$!
  local i
  for ((i = 0; i < 180; i++)); do
    kill -0 "$KC_SCRIPT_PID" 2>/dev/null || { tail -n 40 "$RAW/keycloak.log" >&2; b_die "Keycloak exited during startup"; }
    if curl -sf -o /dev/null -m 5 "$KC_BASE/realms/master/.well-known/openid-configuration"; then
      b_say "Keycloak: ready after ${i}s (kc.sh pid $KC_SCRIPT_PID, java pid $(kc_java_pid))"
      return 0
    fi
    sleep 1
  done
  b_die "Keycloak not ready within 180 s (see $RAW/keycloak.log)"
}

kc_stop() {
  [ -n "$KC_SCRIPT_PID" ] || return 0
  local jpid i
  jpid="$(kc_java_pid || true)"
  b_say "Keycloak: stopping (kc.sh pid $KC_SCRIPT_PID, java pid ${jpid:-?})"
  kill -TERM "$KC_SCRIPT_PID" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    if kill -0 "$KC_SCRIPT_PID" 2>/dev/null; then sleep 1; continue; fi
    if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then sleep 1; continue; fi
    break
  done
  if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then
    b_say "Keycloak: java pid $jpid still running after 30 s: KILL"
    kill -KILL "$jpid" 2>/dev/null || true
  fi
  KC_SCRIPT_PID=""
}

kc_admin_token() {
  curl -sf -m 30 -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "$KC_BASE/realms/master/protocol/openid-connect/token" | jq -r .access_token
}

# kc_admin METHOD PATH [JSON] -> HTTP status on stdout, body in $RAW/kc-admin.out
kc_admin() {
  local token args
  token="$(kc_admin_token)"
  args=(-s -m 60 -o "$RAW/kc-admin.out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$KC_BASE/admin$2"
}

kc_configure() {
  local status
  KC_SECRET="$(random_hex 24)"
  status="$(kc_admin DELETE "/realms/$KC_REALM")"
  case "$status" in 204|404) ;; *) b_die "Keycloak: DELETE realm answered $status: $(cat "$RAW/kc-admin.out")";; esac
  # One-iteration PBKDF2 only makes minting the refresh tokens (password grants) fast; the grants
  # under test never hash a password. SSO session idle = max lifespan (10 h): a refresh token's exp
  # is fixed when it is minted (idle timeout, 30 min by default), and the benchmark reuses the
  # tokens it minted at the start for longer than that on a busy machine.
  status="$(kc_admin POST /realms "$(jq -n --arg r "$KC_REALM" \
    '{realm:$r, enabled:true, ssoSessionIdleTimeout:36000, ssoSessionMaxLifespan:36000,
      passwordPolicy:"hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"}')")"
  [ "$status" = 201 ] || b_die "Keycloak: create realm answered $status: $(cat "$RAW/kc-admin.out")"
  status="$(kc_admin POST "/realms/$KC_REALM/clients" "$(jq -n --arg c "$KC_CLIENT" --arg s "$KC_SECRET" \
    '{clientId:$c, enabled:true, protocol:"openid-connect", publicClient:false,
      clientAuthenticatorType:"client-secret", secret:$s, serviceAccountsEnabled:true,
      directAccessGrantsEnabled:true, standardFlowEnabled:false}')")"
  [ "$status" = 201 ] || b_die "Keycloak: create client answered $status: $(cat "$RAW/kc-admin.out")"
  status="$(kc_admin POST "/realms/$KC_REALM/users" "$(jq -n --arg u "$KC_USER" \
    '{username:$u, enabled:true, firstName:"Bench", lastName:"User", email:($u + "@example.test"),
      emailVerified:true, credentials:[{type:"password", value:"bench-password", temporary:false}]}')")"
  [ "$status" = 201 ] || b_die "Keycloak: create user answered $status: $(cat "$RAW/kc-admin.out")"
  KC_BASIC="$(printf '%s:%s' "$KC_CLIENT" "$KC_SECRET" | base64 -w0)"
  kc_admin GET "/realms/$KC_REALM" >/dev/null
  jq '{realm, accessTokenLifespan, ssoSessionIdleTimeout, ssoSessionMaxLifespan, revokeRefreshToken,
       refreshTokenMaxReuse, defaultSignatureAlgorithm, passwordPolicy}' "$RAW/kc-admin.out" >"$RAW/keycloak-realm.json"
  b_say "Keycloak: realm $KC_REALM, client $KC_CLIENT, user $KC_USER configured"
}

kc_seed_refresh_tokens() {
  b_say "Keycloak: minting $N_SESSIONS refresh tokens (password grant, scope=openid: one user session each)"
  python3 "$BENCH_DIR/seed.py" kc-refresh --base "$KC_BASE" --realm "$KC_REALM" --basic "$KC_BASIC" \
    --username "$KC_USER" --password bench-password --count "$N_SESSIONS" >"$RAW/kc-refresh-tokens.txt"
  [ "$(wc -l <"$RAW/kc-refresh-tokens.txt")" = "$N_SESSIONS" ] || b_die "Keycloak: fewer refresh tokens than asked"
  # Reuse check: the benchmark sends each refresh token many times, which is what Keycloak does by
  # default (revokeRefreshToken=false). Fail if this Keycloak refuses a second use.
  local rt code1 code2
  rt="$(head -n 1 "$RAW/kc-refresh-tokens.txt")"
  code1="$(curl -s -o "$RAW/kc-refresh-check.json" -w '%{http_code}' -H "Authorization: Basic $KC_BASIC" \
    -d grant_type=refresh_token --data-urlencode "refresh_token=$rt" "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token")"
  code2="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Basic $KC_BASIC" \
    -d grant_type=refresh_token --data-urlencode "refresh_token=$rt" "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token")"
  [ "$code1" = 200 ] && [ "$code2" = 200 ] || b_die "Keycloak: the same refresh token answered $code1 then $code2 (rotation on?)"
  jq -e '.id_token and .access_token and .refresh_token' "$RAW/kc-refresh-check.json" >/dev/null \
    || b_die "Keycloak: refresh answer lacks id_token/access_token/refresh_token"
  b_say "Keycloak: a refresh token is reusable (200, 200); refresh answers carry id, access and refresh tokens"
}

# ---------------------------------------------------------------------------------------------
# session-service

# Restart session-service exactly as ./suite up starts it; extra env (the rate-limit override) is
# inherited through start_bg's `env`.
restart_session() {
  stop_components session
  start_service session
  wait_healthy session
}

restore_session() {
  [ "$SESSION_RESTARTED" = 1 ] || return 0
  b_say "session-service: restarting with its normal rate limits"
  unset JITSSO_RATE_LIMIT_PER_CLIENT JITSSO_RATE_LIMIT_PER_SESSION
  restart_session >&2 || printf 'bench: WARNING: could not restart session-service: run ./suite up\n' >&2
  SESSION_RESTARTED=0
}

cleanup() {
  local rc="${1:-$?}"
  trap - EXIT INT TERM
  kc_stop || true
  restore_session || true
  [ "$rc" = 0 ] || b_say "FAILED (exit $rc); raw outputs in $RAW"
  exit "$rc"
}

# ours_api METHOD PATH [JSON] -> HTTP status on stdout; body in $RAW/ours-admin.out
ours_api() {
  local args=(-s -m 30 -o "$RAW/ours-admin.out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $OPERATOR_TOKEN")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$OURS_BASE$2"
}

ours_seed() {
  local status
  status="$(ours_api POST /admin/v1/tenants "{\"id\":\"$TENANT\",\"name\":\"Benchmark tenant\"}")"
  case "$status" in 201|409) ;; *) b_die "POST /admin/v1/tenants answered $status: $(cat "$RAW/ours-admin.out")";; esac
  status="$(ours_api POST "/admin/v1/tenants/$TENANT/apps" "{\"client_id\":\"$APP\",\"name\":\"Benchmark app\"}")"
  if [ "$status" = 409 ]; then
    status="$(ours_api POST "/admin/v1/tenants/$TENANT/apps/$APP/secret")"
    [ "$status" = 200 ] || b_die "rotating the secret of $APP answered $status: $(cat "$RAW/ours-admin.out")"
  elif [ "$status" != 201 ]; then
    b_die "POST /admin/v1/tenants/$TENANT/apps answered $status: $(cat "$RAW/ours-admin.out")"
  fi
  OURS_SECRET="$(jq -r .client_secret "$RAW/ours-admin.out")"
  OURS_ALG="$(jq -r .signing_alg "$RAW/ours-admin.out")"
  [ -n "$OURS_SECRET" ] && [ "$OURS_SECRET" != null ] || b_die "no client_secret for $APP"
  OURS_BASIC="$(printf '%s:%s' "$APP" "$OURS_SECRET" | base64 -w0)"
  b_say "ours: tenant $TENANT, app $APP (signing $OURS_ALG); opening $N_SESSIONS sessions"
  python3 "$BENCH_DIR/seed.py" sessions --base "$OURS_BASE" --internal-token "$INTERNAL_TOKEN" \
    --tenant "$TENANT" --subject bench-user --count "$N_SESSIONS" >"$RAW/session-ids.txt"
  [ "$(wc -l <"$RAW/session-ids.txt")" = "$N_SESSIONS" ] || b_die "fewer sessions than asked"
  # sanity: one silent authentication answers id and access tokens
  local token code
  token="$(ours_client_token)"
  code="$(curl -s -o "$RAW/ours-silent-check.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "{\"session_id\":\"$(head -n 1 "$RAW/session-ids.txt")\"}" \
    "$OURS_BASE/v1/auth/session/authenticate")"
  [ "$code" = 200 ] && jq -e '.id_token and .access_token' "$RAW/ours-silent-check.json" >/dev/null \
    || b_die "silent authentication check answered $code: $(cat "$RAW/ours-silent-check.json")"
}

# A fresh client access token of bench-app (they live 5 minutes).
ours_client_token() {
  curl -sf -m 30 -H "Authorization: Basic $OURS_BASIC" -d grant_type=client_credentials \
    "$OURS_BASE/t/$TENANT/oauth2/token" | jq -r .access_token
}

# ---------------------------------------------------------------------------------------------
# measurements

record() { # round name kind rps p50 p99 extra...
  (IFS=$'\t'; printf '%s\n' "$*") >>"$RESULTS"
}

field() { # line key -> value of key=value
  printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

psql_q() { PGPASSWORD="$DB_PASSWORD" psql -X -tA -F $'\t' -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -c "$2"; }

kc_check() { # STATUS WHAT: fails unless a Keycloak admin call (kc_admin) created or changed something
  case "$1" in 201|204) ;; *) b_die "Keycloak: $2 answered $1: $(cat "$RAW/kc-admin.out")";; esac
}

ours_pid() { cat "$(pid_file session)"; }

# What autovacuum would do on a normal server: this machine's PostgreSQL runs with autovacuum = off
# (conf.d/90-ci.conf), so without this the tables are never analyzed (the planner has no row
# counts) and dead row versions pile up for the whole run. Both sides get the same treatment.
db_maintenance() {
  PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "${SVC_DB[session]}" \
    -c 'VACUUM (ANALYZE) idp_session, outbox, app, signing_key, tenant' >>"$RAW/vacuum.log" 2>&1 \
    || b_die "VACUUM ANALYZE on ${SVC_DB[session]} failed (see $RAW/vacuum.log)"
  # the database owner may vacuum every table but the shared catalogs (warnings for those: ignored)
  PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$KC_DB" \
    -c 'VACUUM (ANALYZE)' >>"$RAW/vacuum.log" 2>&1 || b_die "VACUUM ANALYZE on $KC_DB failed (see $RAW/vacuum.log)"
}

# vacuum_databases DB...: VACUUM (ANALYZE) of whole databases, what the benchmarks with more services than
# session-service run as their db_maintenance (same reason as above)
vacuum_databases() {
  local db
  for db in "$@"; do
    PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$db" -c 'VACUUM (ANALYZE)' \
      >>"$RAW/vacuum.log" 2>&1 || b_die "VACUUM ANALYZE on $db failed (see $RAW/vacuum.log)"
  done
}

# bench/cpuwatch.py in the background (not in a $(...) subshell: `wait` must run in this shell).
# WATCH_EXTRA_PIDS: more processes of the benchmark's own (bench/broker's upstream IdP, say).
watch_start() {
  local pids=(${WATCH_EXTRA_PIDS:-}) f
  for f in "$PID_DIR"/*.pid; do [ -f "$f" ] && pids+=("$(tr -dc '0-9' <"$f")"); done
  [ -n "$KC_SCRIPT_PID" ] && pids+=("$KC_SCRIPT_PID" "$(kc_java_pid)")
  CPUWATCH_DB_SUFFIX="$DB_SUFFIX" python3 "$BENCH_DIR/cpuwatch.py" "$1" "${pids[@]}" & WATCH_PID=$!
}
watch_stop() {
  kill -TERM "$WATCH_PID" 2>/dev/null || true
  wait "$WATCH_PID" 2>/dev/null || true
}
disturbed() { awk -v f="$1" -v m="$MAX_FOREIGN" 'BEGIN{exit !(f > m)}'; }

# peer_pct CPU-REPORT SIDE: the % of the machine the other side (SIDE: ours or keycloak, the side that is
# *not* measured) used during a watched window, from cpuwatch's CPUGROUPS line: its servers and their
# databases. Kafka, the load generator and PostgreSQL's server processes are not counted (steady, or the
# measurement's own).
peer_pct() {
  awk -v side="$2" -v ncpu="$(nproc)" '
    /^CPUWATCH / { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "wall_s") wall = kv[2] } }
    /^CPUGROUPS / {
      for (i = 2; i <= NF; i++) {
        split($i, kv, "=")
        if (side == "keycloak" && (kv[1] == "keycloak" || kv[1] == "pg:keycloak_bench")) s += kv[2]
        if (side == "ours" && (kv[1] ~ /^(session|gateway|provisioning|migration)$/ || kv[1] ~ /^pg:jitsso_/)) s += kv[2]
      }
    }
    END { printf "%.2f", (wall > 0 ? 100 * s / (wall * ncpu) : 0) }' "$1"
}
peer_busy() { awk -v p="$1" -v m="$MAX_PEER" 'BEGIN{exit !(p > m)}'; }

# wait_for_idle_peer SIDE: Keycloak keeps writing sessions for a while after a refresh-token run, and our
# services drain outboxes after theirs; a measurement of one side waits (up to 2 min) until the other side
# used at most MAX_PEER % of the machine over 5 s.
wait_for_idle_peer() {
  local side="$1" waited=0 pct
  while :; do
    watch_start "$RAW/peer-idle.cpu.txt"; sleep 5; watch_stop
    pct="$(peer_pct "$RAW/peer-idle.cpu.txt" "$side")"
    peer_busy "$pct" || return 0
    [ "$waited" -lt 120 ] || { b_say "WARNING: $side still used ${pct}% of the machine after 2 min; measuring anyway"; return 0; }
    b_say "$side (not measured) used ${pct}% of the machine over 5 s: waiting for it to finish ($waited s so far)"
    waited=$((waited + 5))
  done
}

# measure NAME OUT-PREFIX COMMAND...: runs a measurement up to ATTEMPTS times until no foreign
# process used more than MAX_FOREIGN % of the machine during it. With MEASURE_PEER set (ours or
# keycloak: the side not measured), that side must also be idle before the run and use at most MAX_PEER
# % of the machine during it. Sets ATTEMPT_OUT (the output file of the kept attempt), ATTEMPT_FOREIGN,
# ATTEMPT_PEER, ATTEMPT_BUSY, LOAD_BEFORE, LOAD_AFTER, ATTEMPT_NO.
measure() {
  local name="$1" prefix="$2"; shift 2
  local a cw foreign
  for ((a = 1; a <= ATTEMPTS; a++)); do
    db_maintenance
    [ -z "${MEASURE_PEER:-}" ] || wait_for_idle_peer "$MEASURE_PEER"
    ATTEMPT_BUSY="$(wait_for_idle_cpu)"
    LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
    ATTEMPT_OUT="$prefix.try$a.txt"
    b_say "$name: measuring (try $a/$ATTEMPTS), CPU busy before ${ATTEMPT_BUSY}%, loadavg $LOAD_BEFORE"
    watch_start "$prefix.try$a.cpu.txt"
    local rc=0
    "$@" >"$ATTEMPT_OUT" 2>&1 || rc=$?
    watch_stop
    cw="$(head -n 1 "$prefix.try$a.cpu.txt")"
    LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'cpu_busy_before=%s%% loadavg_before=%s loadavg_after=%s\n%s\n' \
      "$ATTEMPT_BUSY" "$LOAD_BEFORE" "$LOAD_AFTER" "$cw" >>"$ATTEMPT_OUT"
    [ "$rc" = 0 ] || { cat "$ATTEMPT_OUT" >&2; b_die "$name: the load tool failed (exit $rc): this run is invalid"; }
    ATTEMPT_FOREIGN="$(field "$cw" disturbed_pct)"
    ATTEMPT_PEER="$([ -z "${MEASURE_PEER:-}" ] && echo 0 || peer_pct "$prefix.try$a.cpu.txt" "$MEASURE_PEER")"
    printf 'peer=%s peer_pct=%s\n' "${MEASURE_PEER:-none}" "$ATTEMPT_PEER" >>"$ATTEMPT_OUT"
    ATTEMPT_NO="$a"
    if disturbed "$ATTEMPT_FOREIGN" || peer_busy "$ATTEMPT_PEER"; then
      b_say "$name: during the run other processes used ${ATTEMPT_FOREIGN}% of the machine (limit $MAX_FOREIGN%)," \
        "the side not measured ${ATTEMPT_PEER}% (limit $MAX_PEER%):"
      sed -n '2,6p' "$prefix.try$a.cpu.txt" >&2
      [ "$a" -lt "$ATTEMPTS" ] && { b_say "$name: repeating it"; sleep 20; continue; }
      b_say "$name: WARNING: every try was disturbed; keeping the last one, marked 'disturbed'"
    fi
    break
  done
  cp "$ATTEMPT_OUT" "$prefix.txt"
}

# side_not_measured NAME: keycloak for our runs (ours-*), ours for Keycloak's (kc-*).
side_not_measured() { case "$1" in ours-*) echo keycloak ;; kc-*) echo ours ;; *) b_die "run name $1 names no side" ;; esac; }

# wrk_run ROUND NAME URL SCRIPT [env...]: warm-up, then the measured run; fails on any error.
wrk_run() {
  local round="$1" name="$2" url="$3" script="$4"; shift 4
  local out="$RAW/r$round-$name" line
  b_say "round $round: $name: warm-up ${WARMUP}s"
  env "$@" wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --latency -s "$script" "$url" >"$out.warmup.txt" 2>&1
  if [ "$PROFILE" = 1 ] && [ "$round" = 1 ]; then
    if [[ "$name" == ours-* ]]; then
      jcmd_for_ours JFR.start name="bench-$name" settings=profile "duration=$((DURATION + 5))s" "filename=$out.jfr" >/dev/null
    else
      "$KC_JAVA_HOME/bin/jcmd" "$(kc_java_pid)" JFR.start name="bench-$name" settings=profile \
        "duration=$((DURATION + 5))s" "filename=$out.jfr" >/dev/null
    fi
  fi
  local peer; peer="$(side_not_measured "$name")" || exit 1
  MEASURE_PEER="$peer" measure "round $round: $name" "$out" env "$@" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$script" "$url"
  line="$(grep '^WRKRESULT' "$out.txt" || true)"
  [ -n "$line" ] || { cat "$out.txt" >&2; b_die "$name: no WRKRESULT line"; }
  local non2xx errs
  non2xx="$(field "$line" non2xx)"
  errs=$(( $(field "$line" connect) + $(field "$line" read) + $(field "$line" write) + $(field "$line" timeout) ))
  if [ "$non2xx" != 0 ] || [ "$errs" != 0 ] || grep -q 'Non-2xx' "$out.txt"; then
    cat "$out.txt" >&2
    b_die "$name: $non2xx non-2xx answers and $errs socket errors: this run is invalid"
  fi
  record "$round" "$name" saturation "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "requests=$(field "$line" requests)" "load_before=${LOAD_BEFORE%% *}" "load_after=${LOAD_AFTER%% *}" \
    "busy_before=$ATTEMPT_BUSY" "foreign=$ATTEMPT_FOREIGN" "peer=$ATTEMPT_PEER" "try=$ATTEMPT_NO"
  b_say "round $round: $name: $(field "$line" rps) req/s, p50 $(field "$line" p50) ms, p99 $(field "$line" p99) ms (foreign CPU ${ATTEMPT_FOREIGN}%)"
}

jcmd_for_ours() { "$(dirname "$(readlink -f "$JAVA")")/jcmd" "$(ours_pid)" "$@"; }

# open_run ROUND NAME RATE URL BODY LINES-FILE HEADER...: open-loop constant-rate latency run.
open_run() {
  local round="$1" name="$2" rate="$3" url="$4" body="$5" lines="$6"; shift 6
  local out="$RAW/r$round-$name" args=() h line
  for h in "$@"; do args+=(-H "$h"); done
  [ -n "$lines" ] && args+=(--lines "$lines")
  b_say "round $round: $name: open-loop ${rate} req/s (${LAT_WARMUP}s unmeasured, then ${LAT_DURATION}s)"
  local peer; peer="$(side_not_measured "$name")" || exit 1
  MEASURE_PEER="$peer" measure "round $round: $name" "$out" "$KC_JAVA_HOME/bin/java" -cp "$RAW/classes" OpenLoop --label "$name" \
    --url "$url" --rate "$rate" --duration "$LAT_DURATION" --warmup "$LAT_WARMUP" --conns 64 --body "$body" "${args[@]}"
  line="$(grep '^OPENLOOP' "$out.txt")"
  record "$round" "$name" latency "$(field "$line" achieved_rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "target_rps=$rate" "p999=$(field "$line" p999)" "max=$(field "$line" max)" "gen_cpu_s=$(field "$line" gen_cpu_s)" \
    "late_starts=$(field "$line" late_starts)" "load_before=${LOAD_BEFORE%% *}" "load_after=${LOAD_AFTER%% *}" \
    "busy_before=$ATTEMPT_BUSY" "foreign=$ATTEMPT_FOREIGN" "peer=$ATTEMPT_PEER" "try=$ATTEMPT_NO"
  b_say "round $round: $name: p50 $(field "$line" p50) ms, p99 $(field "$line" p99) ms at $(field "$line" achieved_rps) req/s (foreign CPU ${ATTEMPT_FOREIGN}%)"
}

sat_rps() { awk -F'\t' -v r="$1" -v n="$2" '$1==r && $2==n && $3=="saturation" {print $4}' "$RESULTS"; }
half() { awk -v x="$1" 'BEGIN{printf "%d", x / 2}'; }

round() {
  local r="$1" token
  local ours_token_url="$OURS_BASE/t/$TENANT/oauth2/token"
  local ours_silent_url="$OURS_BASE/v1/auth/session/authenticate"
  local kc_token_url="$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token"

  wrk_run "$r" ours-cc "$ours_token_url" "$BENCH_DIR/wrk/ours_client_credentials.lua" BENCH_BASIC="$OURS_BASIC"
  wrk_run "$r" kc-cc "$kc_token_url" "$BENCH_DIR/wrk/keycloak_client_credentials.lua" BENCH_BASIC="$KC_BASIC"
  token="$(ours_client_token)"
  wrk_run "$r" ours-silent "$ours_silent_url" "$BENCH_DIR/wrk/ours_silent_auth.lua" \
    BENCH_TOKEN="$token" BENCH_LINES="$RAW/session-ids.txt"
  wrk_run "$r" kc-refresh "$kc_token_url" "$BENCH_DIR/wrk/keycloak_refresh_token.lua" \
    BENCH_BASIC="$KC_BASIC" BENCH_LINES="$RAW/kc-refresh-tokens.txt"

  open_run "$r" ours-cc-lat "$(half "$(sat_rps "$r" ours-cc)")" "$ours_token_url" "grant_type=client_credentials" "" \
    "Authorization: Basic $OURS_BASIC" "Content-Type: application/x-www-form-urlencoded"
  open_run "$r" kc-cc-lat "$(half "$(sat_rps "$r" kc-cc)")" "$kc_token_url" "grant_type=client_credentials" "" \
    "Authorization: Basic $KC_BASIC" "Content-Type: application/x-www-form-urlencoded"
  token="$(ours_client_token)"
  open_run "$r" ours-silent-lat "$(half "$(sat_rps "$r" ours-silent)")" "$ours_silent_url" '{"session_id":"{line}"}' \
    "$RAW/session-ids.txt" "Authorization: Bearer $token" "Content-Type: application/json"
  open_run "$r" kc-refresh-lat "$(half "$(sat_rps "$r" kc-refresh)")" "$kc_token_url" \
    'grant_type=refresh_token&refresh_token={line}' "$RAW/kc-refresh-tokens.txt" \
    "Authorization: Basic $KC_BASIC" "Content-Type: application/x-www-form-urlencoded"
}

rss_mb() { ps -o rss= -p "$1" 2>/dev/null | awk '{printf "%d", $1 / 1024}'; }

summary() {
  local ours_rss kc_rss
  ours_rss="$(rss_mb "$(ours_pid)")"
  kc_rss="$(rss_mb "$(kc_java_pid)")"
  printf 'rss_mb session-service=%s keycloak=%s\n' "$ours_rss" "$kc_rss" >>"$RAW/machine.txt"
  echo "uptime at end: $(uptime)" >>"$RAW/machine.txt"
  python3 - "$RESULTS" "$ours_rss" "$kc_rss" "$RAW" "$MAX_FOREIGN" "$MAX_PEER" <<'PY' | tee "$RAW/summary.md"
import sys, collections
path, ours_rss, kc_rss, raw, max_foreign, max_peer = sys.argv[1:7]
rows = collections.defaultdict(dict)
extra = collections.defaultdict(dict)
for line in open(path):
    f = line.rstrip("\n").split("\t")
    r, name, kind, rps, p50, p99 = f[:6]
    rows[r][name] = (float(rps), float(p50), float(p99))
    extra[r][name] = dict(kv.split("=", 1) for kv in f[6:])
print(f"raw outputs: {raw}\n")
print("| round | measurement | ours | Keycloak | ours / Keycloak | target | pass |")
print("|---|---|---|---|---|---|---|")
for r in sorted(rows):
    d = rows[r]
    def thr(o, k, label):
        ratio = d[o][0] / d[k][0]
        print(f"| {r} | {label} throughput (req/s) | {d[o][0]:.0f} | {d[k][0]:.0f} | {ratio:.2f}x | >= 3x | {'PASS' if ratio >= 3 else 'FAIL'} |")
    def lat(o, k, label):
        ok = d[o][2] < 25
        print(f"| {r} | {label} p50 / p99 ms at half of own saturation ({d[o][0]:.0f} / {d[k][0]:.0f} req/s) "
              f"| {d[o][1]:.1f} / {d[o][2]:.1f} | {d[k][1]:.1f} / {d[k][2]:.1f} | p99 {d[o][2] / d[k][2]:.2f}x "
              f"| ours p99 < 25 ms | {'PASS' if ok else 'FAIL'} |")
    thr("ours-silent", "kc-refresh", "silent auth vs refresh_token grant")
    thr("ours-cc", "kc-cc", "client_credentials vs client_credentials")
    print(f"| {r} | saturation p50 / p99 ms (silent vs refresh) | {d['ours-silent'][1]:.1f} / {d['ours-silent'][2]:.1f} "
          f"| {d['kc-refresh'][1]:.1f} / {d['kc-refresh'][2]:.1f} | | | |")
    print(f"| {r} | saturation p50 / p99 ms (client_credentials) | {d['ours-cc'][1]:.1f} / {d['ours-cc'][2]:.1f} "
          f"| {d['kc-cc'][1]:.1f} / {d['kc-cc'][2]:.1f} | | | |")
    lat("ours-silent-lat", "kc-refresh-lat", "silent auth vs refresh_token")
    lat("ours-cc-lat", "kc-cc-lat", "client_credentials")
print(f"\nRSS after the run: session-service {ours_rss} MB, Keycloak {kc_rss} MB\n")
print("per measured run: 1-min load average before -> after; CPU busy in the 3 s before; CPU share of"
      " foreign processes and of the side not measured during the run (bench/cpuwatch.py); try number:")
for r in sorted(rows):
    for n, e in extra[r].items():
        mark = "  DISTURBED" if float(e.get("foreign", 0)) > float(max_foreign) \
            or float(e.get("peer", 0)) > float(max_peer) else ""
        print(f"  round {r} {n:16s} load {e.get('load_before')} -> {e.get('load_after')}, busy before "
              f"{e.get('busy_before')}%, foreign {e.get('foreign')}%, other side {e.get('peer', '-')}%, "
              f"try {e.get('try')}{mark}")
PY
}

# ---------------------------------------------------------------------------------------------

main() {
  preflight
  b_say "raw outputs: $RAW"
  wait_for_quiet_load
  machine_facts
  trap cleanup EXIT
  trap 'cleanup 130' INT
  trap 'cleanup 143' TERM
  kc_install
  kc_database
  kc_start
  kc_configure
  kc_seed_refresh_tokens

  b_say "session-service: restarting with JITSSO_RATE_LIMIT_PER_CLIENT=$RATE_OVERRIDE JITSSO_RATE_LIMIT_PER_SESSION=$RATE_OVERRIDE"
  export JITSSO_RATE_LIMIT_PER_CLIENT="$RATE_OVERRIDE" JITSSO_RATE_LIMIT_PER_SESSION="$RATE_OVERRIDE"
  SESSION_RESTARTED=1
  restart_session >&2
  tr '\0' '\n' <"/proc/$(ours_pid)/environ" | grep -E '^JITSSO_RATE_LIMIT_' >"$RAW/session-service-overrides.txt" \
    || b_die "the rate-limit override did not reach session-service"
  ours_seed
  db_maintenance

  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    round "$r"
  done
  summary
}

# Sourcing the file (for ad-hoc checks) only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
