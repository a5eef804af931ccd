#!/usr/bin/env bash
# JIT SSO benchmark: brokered OIDC sign-ins end to end, and provisioning lag, with Keycloak 26.7.3
# brokering the same upstream IdP on the same machine in the same run as the peer.
#
#   ./suite up              # first: PostgreSQL, Kafka, the four services (this script checks it)
#   bench/broker/run.sh     # then this; docs/benchmarks.md explains the method and the numbers
#
# What it does:
#   1. starts a bench upstream IdP: mock-oauth2-server (the demo IdP's jars) with interactive login on
#      :18091, issuer http://localhost:18091/bench, so every sign-in can be a different user holding
#      the upstream role `bench-admins`;
#   2. starts Keycloak in production mode (as bench/run.sh does) with realm `broker`: an OIDC identity
#      provider `upstream` for that issuer (PKCE, signature validation through its JWKS, sync mode
#      FORCE, the default first-broker-login flow, which asks nothing when the upstream sends email
#      and names), a claim-to-role mapper bench-admins -> admin, and a confidential client;
#   3. ours: tenant `broker`, app `bench-app`, an OIDC connection to the same issuer mapping
#      bench-admins -> admin with JIT on;
#   4. per round, for each side: warm-up, then BENCH_DURATION s of closed-loop sign-ins by new users
#      (the broker creates each one: first sign-ins), then the same users again (returning users),
#      BENCH_BROKER_CONNS at a time (bench/broker/BrokerLoad.java: authorization request with PKCE,
#      every redirect, the upstream's login form, the callback, the code exchange);
#   5. provisioning lag: for each rate of BENCH_LAG_RATES ("50 20"), that many new users per second for
#      BENCH_LAG_DURATION (30) s through
#      our gateway (open loop), then, per user, from the gateway accepting the sign-in
#      (upstream_account.created_at) to provisioning-service having created the user
#      (user_identity.created_at): p50/p99 over all of them; every sign-in must be provisioned.
#   6. per closed-loop run, the CPU each side's broker spent per sign-in (bench/cpuwatch.py's CPUGROUPS:
#      ours = gateway + session + provisioning + Kafka + their databases' backends; Keycloak = its JVM + its
#      database's backends), next to the upstream's and the load generator's share, which both sides pay;
#      and the same without the JVMs' JIT compiler threads (CPUJIT: warm-up work, which a server that has
#      run for a while no longer does; ours has four JVMs to warm, Keycloak one).
# Raw outputs in bench/results/raw/<timestamp>-broker/.
#
# Settings: BENCH_ROUNDS (2), BENCH_DURATION (20 s), BENCH_WARMUP (10 s), BENCH_BROKER_CONNS (8),
# BENCH_LAG_RATES ("50 20"), BENCH_LAG_DURATION (30), BENCH_UPSTREAM_PORT (18091), plus bench/run.sh's
# BENCH_KC_PORT, BENCH_KC_JAVA_HOME, BENCH_MAX_LOAD, BENCH_MAX_BUSY, BENCH_MAX_FOREIGN, BENCH_ATTEMPTS.
set -euo pipefail

BROKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# bench/run.sh (sourced: defines its settings and functions, runs nothing) sources ./suite in turn
# shellcheck source=../run.sh
. "$BROKER_DIR/../run.sh"

RAW="$RAW-broker"
RESULTS="$RAW/results.tsv"
KC_REALM=broker
BCONNS="${BENCH_BROKER_CONNS:-8}"
LAG_RATES="${BENCH_LAG_RATES:-50 20}"
LAG_DURATION="${BENCH_LAG_DURATION:-30}"
UP_PORT="${BENCH_UPSTREAM_PORT:-18091}"
UP_ISSUER="http://localhost:$UP_PORT/bench"
UP_PID=""
BTENANT=broker
REDIRECT="http://localhost:8088/callback"
GATEWAY_BASE="http://localhost:${SVC_PORT[gateway]}"
SESSION_BASE="http://localhost:${SVC_PORT[session]}"
CLAIMS='{"sub":"{user}","preferred_username":"{user}","email":"{user}@bench.example","email_verified":true,"given_name":"Bench","family_name":"{user}","roles":["bench-admins"]}'

broker_preflight() {
  preflight
  local svc code
  for svc in "${SVC_PORT[gateway]}" "${SVC_PORT[provisioning]}"; do
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$svc/q/health/ready" || true)"
    [ "$code" = 200 ] || b_die "service on :$svc is not ready (health answered '${code:-nothing}'): run ./suite up first"
  done
  [ -d "$MOCK_IDP_LIB" ] || b_die "no mock-oauth2-server jars in $MOCK_IDP_LIB: run ./suite up first"
  "$KC_JAVA_HOME/bin/javac" -d "$RAW/classes" "$BROKER_DIR/BrokerLoad.java" || b_die "could not compile BrokerLoad.java"
}

upstream_start() {
  require_port_free "$UP_PORT" "bench upstream IdP (BENCH_UPSTREAM_PORT)"
  SERVER_PORT="$UP_PORT" JSON_CONFIG='{"interactiveLogin":true,"httpServer":"NettyWrapper"}' \
    nohup "$JAVA" -Xmx256m -cp "$MOCK_IDP_LIB/*" "$MOCK_IDP_MAIN" </dev/null >"$RAW/upstream.log" 2>&1 9>&- &
  UP_PID=$!
  WATCH_EXTRA_PIDS="$UP_PID"
  local i
  for ((i = 0; i < 60; i++)); do
    curl -sf -o /dev/null -m 2 "$UP_ISSUER/.well-known/openid-configuration" && { b_say "upstream: ready at $UP_ISSUER (pid $UP_PID)"; return 0; }
    kill -0 "$UP_PID" 2>/dev/null || { tail -n 20 "$RAW/upstream.log" >&2; b_die "the bench upstream IdP exited"; }
    sleep 1
  done
  b_die "the bench upstream IdP did not become ready"
}

broker_cleanup() {
  local rc="${1:-$?}"
  trap - EXIT INT TERM
  kc_stop || true
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null || true
  [ "$rc" = 0 ] || b_say "FAILED (exit $rc); raw outputs in $RAW"
  exit "$rc"
}

kc_check() { # STATUS WHAT
  case "$1" in 201|204) ;; *) b_die "Keycloak: $2 answered $1: $(cat "$RAW/kc-admin.out")";; esac
}

kc_configure_broker() {
  local status
  KC_SECRET="$(random_hex 24)"
  status="$(kc_admin DELETE "/realms/$KC_REALM")"
  case "$status" in 204|404) ;; *) b_die "Keycloak: DELETE realm answered $status";; esac
  kc_check "$(kc_admin POST /realms "$(jq -n --arg r "$KC_REALM" '{realm:$r, enabled:true}')")" "create realm"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/roles" '{"name":"admin"}')" "create role admin"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances" "$(jq -n --arg i "$UP_ISSUER" \
    '{alias:"upstream", providerId:"oidc", enabled:true, trustEmail:true, storeToken:false,
      firstBrokerLoginFlowAlias:"first broker login",
      config:{issuer:$i, authorizationUrl:($i + "/authorize"), tokenUrl:($i + "/token"), jwksUrl:($i + "/jwks"),
        userInfoUrl:($i + "/userinfo"), disableUserInfo:"true", clientId:"keycloak-broker",
        clientSecret:"keycloak-broker-secret", clientAuthMethod:"client_secret_post", validateSignature:"true",
        useJwksUrl:"true", pkceEnabled:"true", pkceMethod:"S256", defaultScope:"openid email profile",
        syncMode:"FORCE"}}')")" "create identity provider"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances/upstream/mappers" \
    '{"name":"bench-admins","identityProviderAlias":"upstream","identityProviderMapper":"oidc-role-idp-mapper",
      "config":{"syncMode":"FORCE","claim":"roles","claim.value":"bench-admins","role":"admin"}}')" "create role mapper"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/clients" "$(jq -n --arg s "$KC_SECRET" --arg r "$REDIRECT" \
    '{clientId:"bench-app", enabled:true, protocol:"openid-connect", publicClient:false,
      clientAuthenticatorType:"client-secret", secret:$s, standardFlowEnabled:true,
      directAccessGrantsEnabled:false, redirectUris:[$r], attributes:{"pkce.code.challenge.method":"S256"}}')")" \
    "create client"
  b_say "Keycloak: realm $KC_REALM brokering $UP_ISSUER (mapper bench-admins -> admin), client bench-app"
}

ours_configure_broker() {
  local status
  status="$(ours_api POST /admin/v1/tenants "{\"id\":\"$BTENANT\",\"name\":\"Brokering benchmark\"}")"
  case "$status" in 201|409) ;; *) b_die "POST /admin/v1/tenants answered $status: $(cat "$RAW/ours-admin.out")";; esac
  status="$(ours_api POST "/admin/v1/tenants/$BTENANT/apps" \
    "{\"client_id\":\"bench-app\",\"name\":\"Benchmark app\",\"redirect_uris\":[\"$REDIRECT\"]}")"
  if [ "$status" = 409 ]; then
    status="$(ours_api POST "/admin/v1/tenants/$BTENANT/apps/bench-app/secret")"
  fi
  case "$status" in 200|201) ;; *) b_die "creating bench-app answered $status: $(cat "$RAW/ours-admin.out")";; esac
  BOURS_SECRET="$(jq -r .client_secret "$RAW/ours-admin.out")"
  local body
  body="$(jq -n --arg i "$UP_ISSUER" --arg r "$REDIRECT" --arg n "bench-$(date +%s)" \
    '{name:$n, issuer:$i, client_id:"gateway-bench", client_secret:"gateway-bench-secret",
      role_source:"id_token", role_claim:"roles",
      role_mappings:[{match:"exact", value:"bench-admins", roles:["admin"]}], default_role:"viewer", jit:true,
      app_client_id:"bench-app", app_redirect_uri:$r}')"
  status="$(curl -s -m 30 -o "$RAW/ours-admin.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" \
    -H 'Content-Type: application/json' --data "$body" "$GATEWAY_BASE/admin/v1/tenants/$BTENANT/connections")"
  [ "$status" = 201 ] || b_die "creating the connection answered $status: $(cat "$RAW/ours-admin.out")"
  BOURS_CONNECTION="$(jq -r .id "$RAW/ours-admin.out")"
  b_say "ours: tenant $BTENANT, app bench-app, connection $BOURS_CONNECTION to $UP_ISSUER (bench-admins -> admin)"
}

# side_args SIDE -> BrokerLoad arguments for that side
side_args() {
  if [ "$1" = ours ]; then
    printf '%s\n' --authorize "$GATEWAY_BASE/t/$BTENANT/authorize?connection=$BOURS_CONNECTION" \
      --token "$SESSION_BASE/t/$BTENANT/oauth2/token" --client-id bench-app --client-secret "$BOURS_SECRET"
  else
    printf '%s\n' --authorize "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/auth?kc_idp_hint=upstream" \
      --token "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token" --client-id bench-app --client-secret "$KC_SECRET"
  fi
  printf '%s\n' --redirect-uri "$REDIRECT" --upstream "http://localhost:$UP_PORT/" --claims "$CLAIMS"
}

broker_load() { # SIDE LABEL ARGS... (runs BrokerLoad; prints its BROKER line)
  local side="$1" label="$2"; shift 2
  local -a args
  mapfile -t args < <(side_args "$side")
  "$KC_JAVA_HOME/bin/java" -Xmx512m -cp "$RAW/classes" BrokerLoad --label "$label" "${args[@]}" "$@"
}

# What autovacuum would do: both sides' databases, before every measured run.
db_maintenance() {
  local db
  for db in "${SVC_DB[session]}" "${SVC_DB[gateway]}" "${SVC_DB[provisioning]}" "$KC_DB"; do
    PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$db" -c 'VACUUM (ANALYZE)' \
      >>"$RAW/vacuum.log" 2>&1 || b_die "VACUUM ANALYZE on $db failed (see $RAW/vacuum.log)"
  done
}

# cost_ms SIDE CPU-FILE SIGNINS -> CPU milliseconds per sign-in of that side's broker (ours: the three
# services, Kafka and their databases' backends; Keycloak: its JVM and its database's backends), of the
# shared upstream IdP and of the load generator, from bench/cpuwatch.py's CPUGROUPS line
cost_ms() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
side, path, n = sys.argv[1], sys.argv[2], max(1, int(sys.argv[3]))
groups, jit = {}, {}
for line in open(path):
    if line.startswith("CPUGROUPS"):
        groups = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    if line.startswith("CPUJIT"):
        jit = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
broker = (["gateway", "session", "provisioning", "kafka", "pg:jitsso_session", "pg:jitsso_gateway",
           "pg:jitsso_provisioning"] if side == "ours" else ["keycloak", "pg:keycloak_bench"])
ms = lambda keys, table=groups: 1000 * sum(table.get(k, 0.0) for k in keys) / n
print(f"broker_ms={ms(broker):.1f} broker_jit_ms={ms(broker, jit):.1f} upstream_ms={ms(['upstream']):.1f} "
      f"loadgen_ms={ms(['loadgen']):.1f} pg_server_ms={ms(['pg:server']):.1f}")
PY
}

broker_round() {
  local r="$1" side line first prefix cost
  for side in ours keycloak; do
    b_say "round $r: $side: warm-up ${WARMUP}s"
    broker_load "$side" "$side-warmup" --mode closed --conns "$BCONNS" --duration "$WARMUP" \
      --user-prefix "r$r-$side-warm-" >"$RAW/r$r-$side-warmup.txt" 2>&1 \
      || { cat "$RAW/r$r-$side-warmup.txt" >&2; b_die "$side warm-up failed"; }
    measure "round $r: $side first sign-ins" "$RAW/r$r-$side-first" \
      broker_load "$side" "$side-first" --mode closed --conns "$BCONNS" --duration "$DURATION" --user-prefix "r$r-$side-{run}-"
    line="$(grep '^BROKER' "$ATTEMPT_OUT")"
    first="$(field "$line" next_user)"
    prefix="$(field "$line" user_prefix)"
    cost="$(cost_ms "$side" "$RAW/r$r-$side-first.try$ATTEMPT_NO.cpu.txt" "$(field "$line" signins)")"
    record "$r" "$side-first" closed "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
      "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" "$(field "$cost" broker_ms)" "$cost"
    b_say "round $r: $side first sign-ins: $line; CPU per sign-in: $cost"
    # the users just created sign in again, round-robin (each attempt of `measure` makes new users:
    # the kept attempt's prefix is in its output)
    measure "round $r: $side returning" "$RAW/r$r-$side-again" \
      broker_load "$side" "$side-again" --mode closed --conns "$BCONNS" --duration "$DURATION" \
      --user-prefix "$prefix" --first-user 0 --users "$first"
    line="$(grep '^BROKER' "$ATTEMPT_OUT")"
    cost="$(cost_ms "$side" "$RAW/r$r-$side-again.try$ATTEMPT_NO.cpu.txt" "$(field "$line" signins)")"
    record "$r" "$side-again" closed "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
      "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" "$(field "$cost" broker_ms)" "$cost"
    b_say "round $r: $side returning: $line; CPU per sign-in: $cost"
  done
}

psql_q() { PGPASSWORD="$DB_PASSWORD" psql -X -tA -F $'\t' -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -c "$2"; }

lag_run() { # RATE
  local rate="$1" prefix line n
  measure "provisioning lag at $rate/s" "$RAW/lag$rate" \
    broker_load ours lag --mode open --rate "$rate" --duration "$LAG_DURATION" --conns 32 --user-prefix "lag-{run}-"
  line="$(grep '^BROKER' "$ATTEMPT_OUT")"
  n="$(field "$line" signins)"
  prefix="$(field "$line" user_prefix)"
  # every user of the kept attempt must be provisioned: wait up to 30 s for stragglers
  local i got=0
  for ((i = 0; i < 30; i++)); do
    got="$(psql_q "${SVC_DB[provisioning]}" "select count(*) from user_identity where tenant_id = '$BTENANT'
             and connection_id = '$BOURS_CONNECTION' and upstream_subject like '$prefix%'")"
    [ "$got" -ge "$n" ] && break
    sleep 1
  done
  psql_q "${SVC_DB[gateway]}" "select upstream_subject, extract(epoch from created_at) from upstream_account
      where tenant_id = '$BTENANT' and connection_id = '$BOURS_CONNECTION' and upstream_subject like '$prefix%'" >"$RAW/lag$rate-accepted.tsv"
  psql_q "${SVC_DB[provisioning]}" "select upstream_subject, extract(epoch from created_at) from user_identity
      where tenant_id = '$BTENANT' and connection_id = '$BOURS_CONNECTION' and upstream_subject like '$prefix%'" >"$RAW/lag$rate-provisioned.tsv"
  python3 - "$RAW/lag$rate-accepted.tsv" "$RAW/lag$rate-provisioned.tsv" "$n" >"$RAW/lag$rate-result.txt" <<'PY'
import math, sys
accepted = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip())
provisioned = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip())
signins = int(sys.argv[3])
lags = sorted((float(provisioned[s]) - float(accepted[s])) * 1000 for s in accepted if s in provisioned)
missing = [s for s in accepted if s not in provisioned]
def pct(p):
    return lags[max(0, math.ceil(p * len(lags)) - 1)] if lags else float("nan")
print(f"LAG signins={signins} accepted={len(accepted)} provisioned={len(lags)} missing={len(missing)} "
      f"p50={pct(0.5):.1f} p99={pct(0.99):.1f} max={lags[-1] if lags else float('nan'):.1f}")
PY
  line="$(cat "$RAW/lag$rate-result.txt")"
  b_say "provisioning lag: $line (sign-ins: $(grep '^BROKER' "$ATTEMPT_OUT"))"
  [ "$(field "$line" missing)" = 0 ] && [ "$(field "$line" provisioned)" -ge "$n" ] \
    || b_die "not every accepted sign-in was provisioned: $line"
  record lag ours-lag open "$(field "$(grep '^BROKER' "$ATTEMPT_OUT")" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO"
}

broker_summary() {
  python3 - "$RESULTS" <<'PY'
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for r in rows:
    by[r[1]].append(r)
def no_jit(r):  # broker CPU per sign-in without its JIT compiler threads
    cost = dict(kv.split("=") for kv in r[9].split())
    return float(cost["broker_ms"]) - float(cost.get("broker_jit_ms", 0))
print("\n| scenario | ours sign-ins/s | Keycloak sign-ins/s | ratio | ours p50/p99 ms | Keycloak p50/p99 ms "
      "| broker CPU ms per sign-in, ours / Keycloak | CPU ratio | same without JIT compilation | ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
for kind in ("first", "again"):
    for o, k in zip(by.get("ours-" + kind, []), by.get("keycloak-" + kind, [])):
        ratio = float(o[3]) / float(k[3]) if float(k[3]) else float("inf")
        cpu = float(k[8]) / float(o[8]) if float(o[8]) else float("inf")
        nj_o, nj_k = no_jit(o), no_jit(k)
        print(f"| round {o[0]} {'first sign-in' if kind == 'first' else 'returning user'} | {o[3]} | {k[3]} | {ratio:.2f}x "
              f"| {o[4]} / {o[5]} | {k[4]} / {k[5]} | {o[8]} / {k[8]} | {cpu:.2f}x "
              f"| {nj_o:.1f} / {nj_k:.1f} | {nj_k / nj_o if nj_o else float('inf'):.2f}x |")
for side in ("ours", "keycloak"):
    for r in by.get(side + "-first", [])[:1]:
        print(f"\n{side}, round {r[0]}, first sign-ins, CPU ms per sign-in: {r[9]}")
for r in by.get("ours-lag", []):
    print(f"\nprovisioning lag at {r[3]} sign-ins/s achieved (open loop): p50 {r[4]} ms, p99 {r[5]} ms ({r[6]}, {r[7]})")
PY
}

broker_main() {
  mkdir -p "$RAW/classes"
  : >"$RESULTS"
  broker_preflight
  b_say "raw outputs: $RAW"
  wait_for_quiet_load
  machine_facts
  trap broker_cleanup EXIT
  trap 'broker_cleanup 130' INT
  trap 'broker_cleanup 143' TERM
  upstream_start
  kc_install
  kc_database
  kc_start
  kc_configure_broker
  ours_configure_broker
  local side rate
  for side in ours keycloak; do
    broker_load "$side" "$side-check" --mode closed --conns 1 --duration 30 --count 2 --user-prefix "check-$side-$(date +%s)-" \
      >"$RAW/$side-check.txt" 2>&1 || { cat "$RAW/$side-check.txt" >&2; b_die "$side: a brokered sign-in does not work"; }
    b_say "$side: sanity sign-ins: $(grep '^BROKER' "$RAW/$side-check.txt")"
  done
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    broker_round "$r"
  done
  for rate in $LAG_RATES; do
    lag_run "$rate"
  done
  broker_summary | tee "$RAW/summary.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  broker_main "$@"
fi
