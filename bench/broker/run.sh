#!/usr/bin/env bash
# JIT SSO benchmark: brokered OIDC sign-ins end to end, and provisioning lag, with Keycloak 26.7.3
# brokering the same upstream IdP on the same machine in the same run as the peer.
#
#   ./suite up              # first: PostgreSQL, Kafka, the four services (this script checks it)
#   bench/broker/run.sh     # then this; docs/benchmarks.md explains the method and the numbers
#
# What it does:
#   1. starts a bench upstream IdP on :18091, issuer http://localhost:18091/bench, with an interactive login
#      form, so every sign-in can be a different user holding the upstream role `bench-admins`:
#      BENCH_UPSTREAM=standin (the default) is bench/broker/OidcIdpStandIn.java, a lean JDK-only OpenID
#      Provider (RS256 ID token, opaque access token); BENCH_UPSTREAM=mock is mock-oauth2-server (the demo
#      IdP's jars), which signs two RS256 tokens per sign-in and costs both sides 2-3 times as much CPU
#      (docs/benchmarks.md, session 12);
#   2. starts Keycloak in production mode (as bench/run.sh does) with realm `broker`: an OIDC identity
#      provider `upstream` for that issuer (PKCE, signature validation through its JWKS, sync mode
#      FORCE, the default first-broker-login flow, which asks nothing when the upstream sends email
#      and names), a claim-to-role mapper bench-admins -> admin, and a confidential client;
#   3. ours: tenant `broker`, app `bench-app`, an OIDC connection to the same issuer mapping
#      bench-admins -> admin with JIT on;
#   4. per round, for each side (in reverse order in even rounds: ABBA, so that a drifting machine favours
#      neither side in the mean of two rounds): warm-up, then BENCH_DURATION s of closed-loop sign-ins by new users
#      (the broker creates each one: first sign-ins), then the same users again (returning users),
#      BENCH_BROKER_CONNS at a time (bench/broker/BrokerLoad.java, the OIDC step of the load generator shared
#      with bench/saml-broker in bench/signin/: authorization request with PKCE, every redirect, the upstream's
#      login form, the callback, the code exchange);
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
# Settings: BENCH_UPSTREAM (standin), BENCH_ROUNDS (2), BENCH_DURATION (20 s), BENCH_WARMUP (10 s), BENCH_BROKER_CONNS (8),
# BENCH_LAG_RATES ("50 20"), BENCH_LAG_DURATION (30), BENCH_UPSTREAM_PORT (18091), plus bench/run.sh's
# BENCH_KC_PORT, BENCH_KC_JAVA_HOME, BENCH_MAX_LOAD, BENCH_MAX_BUSY, BENCH_MAX_FOREIGN, BENCH_ATTEMPTS; BENCH_SIDES
# ("ours keycloak"; "ours" alone for A/B runs of our own code, without Keycloak).
set -euo pipefail

BROKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# bench/run.sh (sourced: defines its settings and functions, runs nothing) sources ./suite in turn
# shellcheck source=../run.sh
. "$BROKER_DIR/../run.sh"
# shellcheck source=../brokered.sh
. "$BROKER_DIR/../brokered.sh"

RAW="$RAW-broker"
RESULTS="$RAW/results.tsv"
KC_REALM=broker
BCONNS="${BENCH_BROKER_CONNS:-8}"
LAG_RATES="${BENCH_LAG_RATES:-50 20}"
LAG_DURATION="${BENCH_LAG_DURATION:-30}"
UP_PORT="${BENCH_UPSTREAM_PORT:-18091}"
UP_ISSUER="http://localhost:$UP_PORT/bench"
UP_PID=""
UPSTREAM="${BENCH_UPSTREAM:-standin}"
BROKERED_TENANT=broker
KC_IDP_ALIAS=upstream
LOAD_CLASS=BrokerLoad
CLAIMS='{"sub":"{user}","preferred_username":"{user}","email":"{user}@bench.example","email_verified":true,"given_name":"Bench","family_name":"{user}","roles":["bench-admins"]}'

broker_preflight() {
  preflight
  brokered_services_ready
  case "$UPSTREAM" in
    standin) brokered_compile "$BROKER_DIR/BrokerLoad.java" "$BROKER_DIR/OidcIdpStandIn.java" ;;
    mock)
      [ -d "$MOCK_IDP_LIB" ] || b_die "no mock-oauth2-server jars in $MOCK_IDP_LIB: run ./suite up first"
      brokered_compile "$BROKER_DIR/BrokerLoad.java" ;;
    *) b_die "BENCH_UPSTREAM must be standin or mock, not '$UPSTREAM'" ;;
  esac
}

upstream_start() {
  require_port_free "$UP_PORT" "bench upstream IdP (BENCH_UPSTREAM_PORT)"
  if [ "$UPSTREAM" = standin ]; then
    nohup "$KC_JAVA_HOME/bin/java" -Xmx512m -cp "$RAW/classes" OidcIdpStandIn --port "$UP_PORT" --issuer "$UP_ISSUER" \
      </dev/null >"$RAW/upstream.log" 2>&1 9>&- &
  else
    SERVER_PORT="$UP_PORT" JSON_CONFIG='{"interactiveLogin":true,"httpServer":"NettyWrapper"}' \
      nohup "$JAVA" -Xmx256m -cp "$MOCK_IDP_LIB/*" "$MOCK_IDP_MAIN" </dev/null >"$RAW/upstream.log" 2>&1 9>&- &
  fi
  UP_PID=$!
  brokered_await_upstream "$UP_PID" "$RAW/upstream.log" "$UP_ISSUER/.well-known/openid-configuration" "bench upstream IdP" 60
  b_say "upstream ($UPSTREAM): ready at $UP_ISSUER (pid $UP_PID)"
}

broker_cleanup() {
  local rc="${1:-$?}"
  trap - EXIT INT TERM
  kc_stop || true
  [ -n "$UP_PID" ] && kill -TERM "$UP_PID" 2>/dev/null || true
  [ "$rc" = 0 ] || b_say "FAILED (exit $rc); raw outputs in $RAW"
  exit "$rc"
}

kc_configure_broker() {
  brokered_kc_realm
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
  brokered_kc_app
  b_say "Keycloak: realm $KC_REALM brokering $UP_ISSUER (mapper bench-admins -> admin), client bench-app"
}

ours_configure_broker() {
  brokered_ours_app "Brokering benchmark"
  brokered_ours_connection "$(jq -n --arg i "$UP_ISSUER" --arg r "$REDIRECT" --arg n "bench-$(date +%s)" \
    '{name:$n, issuer:$i, client_id:"gateway-bench", client_secret:"gateway-bench-secret",
      role_source:"id_token", role_claim:"roles",
      role_mappings:[{match:"exact", value:"bench-admins", roles:["admin"]}], default_role:"viewer", jit:true,
      app_client_id:"bench-app", app_redirect_uri:$r}')"
  b_say "ours: tenant $BROKERED_TENANT, app bench-app, connection $OURS_CONNECTION to $UP_ISSUER (bench-admins -> admin)"
}

# protocol_args -> BrokerLoad's own arguments (the app's come from side_args)
protocol_args() {
  printf '%s\n' --upstream "http://localhost:$UP_PORT/" --claims "$CLAIMS"
}

lag_run() { # RATE
  local rate="$1" prefix line n
  measure "provisioning lag at $rate/s" "$RAW/lag$rate" \
    brokered_load ours lag --mode open --rate "$rate" --duration "$LAG_DURATION" --conns 32 --user-prefix "lag-{run}-"
  line="$(grep '^BROKER' "$ATTEMPT_OUT")"
  n="$(field "$line" signins)"
  prefix="$(field "$line" user_prefix)"
  # every user of the kept attempt must be provisioned: wait up to 30 s for stragglers
  local i got=0
  for ((i = 0; i < 30; i++)); do
    got="$(psql_q "${SVC_DB[provisioning]}" "select count(*) from user_identity where tenant_id = '$BROKERED_TENANT'
             and connection_id = '$OURS_CONNECTION' and upstream_subject like '$prefix%'")"
    [ "$got" -ge "$n" ] && break
    sleep 1
  done
  psql_q "${SVC_DB[gateway]}" "select upstream_subject, extract(epoch from created_at) from upstream_account
      where tenant_id = '$BROKERED_TENANT' and connection_id = '$OURS_CONNECTION' and upstream_subject like '$prefix%'" >"$RAW/lag$rate-accepted.tsv"
  psql_q "${SVC_DB[provisioning]}" "select upstream_subject, extract(epoch from created_at) from user_identity
      where tenant_id = '$BROKERED_TENANT' and connection_id = '$OURS_CONNECTION' and upstream_subject like '$prefix%'" >"$RAW/lag$rate-provisioned.tsv"
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
  if brokered_with_keycloak; then
    kc_install
    kc_database
    kc_start
    kc_configure_broker
  fi
  ours_configure_broker
  brokered_check "brokered OIDC"
  local r rate
  for ((r = 1; r <= ROUNDS; r++)); do
    brokered_round "$r" "$BCONNS" "$WARMUP"
  done
  for rate in $LAG_RATES; do
    lag_run "$rate"
  done
  if [ "$UPSTREAM" = standin ]; then
    curl -s -m 5 "http://localhost:$UP_PORT/stats" | sed 's/^/stand-in upstream: /' >&2 || true
  fi
  { echo "upstream: $UPSTREAM ($UP_ISSUER)"; brokered_summary; } | tee "$RAW/summary.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  broker_main "$@"
fi
