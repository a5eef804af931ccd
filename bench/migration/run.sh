#!/usr/bin/env bash
# JIT SSO Suite benchmark: migration sign-in (issue 5). First (migrating) and later (local) sign-ins of
# migration-service, with Keycloak 26.7.3's password grant as the peer in the same run.
#
#   ./suite up                # first (with the same SUITE_* / KAFKA_PORT environment as this script)
#   bench/migration/run.sh    # then this; docs/benchmarks.md ("Migration sign-in") explains the numbers
#
# One Keycloak (production mode, its own database) holds two realms:
#   - the source (realm migsource): fast hashing (pbkdf2-sha256, 1 iteration), so the source's own time
#     is small and "our first sign-in minus the source's grant" is our migration overhead;
#   - the peer (realm migpeer): argon2id with our parameters (m=19456 KiB, t=2, p=1) through Keycloak's
#     argon2 provider settings, or Keycloak's default argon2id (BENCH_PEER_HASHING=keycloak-default);
#     the stored credential is checked in the run.
# Users are created through Keycloak's admin API (partial import, passwords hashed by Keycloak).
# Ours: a fresh tenant, app and oauth2_password source pointing at the source realm, per run.
#
# Per round:
#   a. the source's own password grant, open loop at BENCH_MIG_RATE (default 10/s);
#   b. our first (migrating) sign-ins, open loop at the same rate, each user once; then every one of
#      them must be a migrated user here and, within 60 s, a provisioned user;
#   c. saturation (closed loop, wrk, BENCH_MIG_CONNS connections) of our local sign-ins over the
#      migrated users, and of Keycloak's password grant (scope=openid) over the peer realm's users;
#      CPU per sign-in of each side from bench/cpuwatch.py:
#        ours: migration-service, session-service, provisioning-service, Kafka and their databases'
#        backends; Keycloak: its JVM and its database's backends;
#   d. latency of local sign-ins and of the peer's grant, open loop, both at half of Keycloak's
#      saturation rate of the round.
# Argon2id CPU cost per hash of both parameter sets is measured first (bench/migration/HashCost.java).
#
# Any failed sign-in (non-2xx, socket error, timeout) in a measured run fails the script, and so does
# a migrated user that did not reach provisioning.
#
# Settings (environment), besides those of bench/run.sh (BENCH_ROUNDS default 1 here, BENCH_DURATION,
# BENCH_WARMUP, BENCH_LATENCY_DURATION (30 s here), BENCH_LATENCY_WARMUP, BENCH_MAX_LOAD, BENCH_MAX_BUSY,
# BENCH_MAX_FOREIGN, BENCH_ATTEMPTS, BENCH_KC_PORT, BENCH_KC_JAVA_HOME):
# BENCH_PEER_HASHING (same | keycloak-default, see above),
# BENCH_MIG_RATE (10: first sign-ins per second, and the source's grants), BENCH_MIG_CONNS (8: wrk
# connections for the saturation runs, both sides), BENCH_PEER_USERS (500), BENCH_MIG_WARMUP_USERS (150),
# BENCH_QUIET=1 (hold /tmp/jitsso-quiet during each measured run, see quiet_on),
# BENCH_PROFILE=1 (JFR profiles of migration-service and session-service during our saturation runs and the
# last minute of the first-sign-in warm-up, in
# the raw directory; costs a few % of throughput: not for the reported numbers).
set -euo pipefail

MIG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BENCH_ROUNDS="${BENCH_ROUNDS:-1}"
export BENCH_LATENCY_DURATION="${BENCH_LATENCY_DURATION:-30}"
# bench/run.sh (settings and functions, runs nothing) sources ./suite in turn
# shellcheck source=../run.sh
. "$MIG_DIR/../run.sh"

RAW="$RAW-migration"
RESULTS="$RAW/results.tsv"
MIG_RATE="${BENCH_MIG_RATE:-10}"
MCONNS="${BENCH_MIG_CONNS:-8}"
PEER_USERS="${BENCH_PEER_USERS:-500}"
MIG_WARMUP_USERS="${BENCH_MIG_WARMUP_USERS:-150}"
# The peer's argon2id parameters: "same" (default) configures Keycloak's argon2 provider with ours
# (m=19456 KiB, t=2, p=1), so both sides compute the same hash; "keycloak-default" keeps Keycloak's
# own default (m=7168 KiB, t=5, p=1, OWASP's equivalent alternative, cheaper to compute here).
PEER_HASHING="${BENCH_PEER_HASHING:-same}"
case "$PEER_HASHING" in
  same)
    export KC_SPI_PASSWORD_HASHING__ARGON2__MEMORY=19456 KC_SPI_PASSWORD_HASHING__ARGON2__ITERATIONS=2
    PEER_EXPECT='.additionalParameters.memory[0] == "19456" and .hashIterations == 2' ;;
  keycloak-default) PEER_EXPECT='true' ;;
  *) b_die "BENCH_PEER_HASHING must be same or keycloak-default" ;;
esac
SRC_REALM=migsource
PEER_REALM=migpeer
KC_APP=bench-app
RUN_ID="$(date +%H%M%S)"
MTENANT="migbench-$RUN_ID"
MSOURCE=kc
MIGRATION_BASE="http://127.0.0.1:${SVC_PORT[migration]}"
SIGNIN_URL="$MIGRATION_BASE/t/$MTENANT/migration/v1/sign-in"
MIGRATION_RESTARTED=0
# every user's password is derived from its name (distinct per user; no secret in this benchmark)
password_of() { printf 'Pw.%s.bench' "$1"; }
OURS_BODY='{"identifier":"{line}","password":"Pw.{line}.bench"}'
KC_BODY_TAIL='&username={line}&password=Pw.{line}.bench&scope=openid'

# ---------------------------------------------------------------------------------------------
# preflight, restarts

mig_preflight() {
  OURS_BASE="http://127.0.0.1:${SVC_PORT[session]}"
  preflight
  local svc code
  for svc in migration provisioning; do
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:${SVC_PORT[$svc]}/q/health/ready" || true)"
    [ "$code" = 200 ] || b_die "$svc-service is not ready on :${SVC_PORT[$svc]} (health answered '${code:-nothing}'): run ./suite up first (same environment)"
    running_pid "$svc" >/dev/null || b_die "$svc-service was not started by ./suite up: run ./suite up"
  done
  local bc
  bc="$(ls "$ROOT"/migration-service/target/quarkus-app/lib/main/org.bouncycastle.bcprov-jdk18on-*.jar 2>/dev/null | head -n 1)"
  [ -n "$bc" ] || b_die "no BouncyCastle jar in migration-service/target/quarkus-app/lib/main: run ./suite up first"
  BC_JAR="$bc"
  "$KC_JAVA_HOME/bin/javac" -cp "$BC_JAR" -d "$RAW/classes" "$MIG_DIR/HashCost.java" || b_die "could not compile HashCost.java"
  # the Keycloak distribution may already be in the local Maven repository (the tests unpack it from there)
  local m2="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  if [ ! -f "$KC_ZIP" ] && [ -f "$m2" ] && [ -f "$m2.sha1" ] \
      && [ "$(cut -c1-40 "$m2.sha1")" = "$(sha1sum "$m2" | cut -c1-40)" ]; then
    mkdir -p "$KC_CACHE"
    cp "$m2" "$KC_ZIP"
  fi
}

# Restarts a service the way ./suite up starts it; the rate-limit overrides are exported env.
restart_svc() {
  stop_components "$1"
  start_service "$1"
  wait_healthy "$1"
}

restore_services() {
  [ "$MIGRATION_RESTARTED" = 1 ] || return 0
  b_say "restarting session-service and migration-service with their normal rate limits"
  unset JITSSO_RATE_LIMIT_PER_CLIENT JITSSO_RATE_LIMIT_PER_SESSION \
    JITSSO_SIGN_IN_PER_CLIENT_PER_SECOND JITSSO_SIGN_IN_PER_IDENTIFIER_PER_MINUTE JITSSO_SIGN_IN_SOURCE_TIMEOUT
  { restart_svc session && restart_svc migration; } >&2 \
    || printf 'bench: WARNING: could not restart the services: run ./suite up\n' >&2
  MIGRATION_RESTARTED=0
}

mig_cleanup() {
  local rc="${1:-$?}"
  trap - EXIT INT TERM
  quiet_off
  kc_stop || true
  restore_services || true
  [ "$rc" = 0 ] || b_say "FAILED (exit $rc); raw outputs in $RAW"
  exit "$rc"
}

# What autovacuum would do (this machine's PostgreSQL has it off): both sides, before every measured run.
db_maintenance() { vacuum_databases "${SVC_DB[session]}" "${SVC_DB[migration]}" "${SVC_DB[provisioning]}" "$KC_DB"; }

# ---------------------------------------------------------------------------------------------
# Keycloak: two realms and their users

kc_realm() { # NAME SECRET POLICY-OR-EMPTY
  local status body
  status="$(kc_admin DELETE "/realms/$1")"
  case "$status" in 204|404) ;; *) b_die "Keycloak: DELETE realm $1 answered $status";; esac
  body="$(jq -n --arg r "$1" --arg p "$3" '{realm:$r, enabled:true} + (if $p == "" then {} else {passwordPolicy:$p} end)')"
  kc_check "$(kc_admin POST /realms "$body")" "create realm $1"
  kc_check "$(kc_admin POST "/realms/$1/clients" "$(jq -n --arg c "$KC_APP" --arg s "$2" \
    '{clientId:$c, enabled:true, protocol:"openid-connect", publicClient:false, clientAuthenticatorType:"client-secret",
      secret:$s, directAccessGrantsEnabled:true, standardFlowEnabled:false}')")" "create client in $1"
}

# kc_users REALM FILE: creates every user named in FILE (one per line) through the partial-import
# admin API, 250 per request; Keycloak hashes each password with the realm's policy.
kc_users() {
  local realm="$1" file="$2" chunk status
  split -l 250 "$file" "$RAW/users-$realm.part."
  for chunk in "$RAW/users-$realm.part."*; do
    status="$(kc_admin POST "/realms/$realm/partialImport" "$(jq -R -s \
      'split("\n") | map(select(length > 0)) | {ifResourceExists:"FAIL", users: map({username:., enabled:true,
        firstName:"Bench", lastName:., email:(. + "@bench.example"), emailVerified:true,
        credentials:[{type:"password", value:("Pw." + . + ".bench"), temporary:false}]})}' "$chunk")")"
    [ "$status" = 200 ] || b_die "Keycloak: partial import into $realm answered $status: $(cat "$RAW/kc-admin.out")"
    rm -f "$chunk"
  done
  kc_admin GET "/realms/$realm/users/count" >/dev/null
  [ "$(cat "$RAW/kc-admin.out")" = "$(wc -l <"$file")" ] \
    || b_die "Keycloak: realm $realm has $(cat "$RAW/kc-admin.out") users, $(wc -l <"$file") asked"
}

# The stored credential of one user of REALM: algorithm and parameters as Keycloak hashed them.
kc_hash_of() { # REALM USERNAME
  local id
  kc_admin GET "/realms/$1/users?exact=true&username=$2" >/dev/null
  id="$(jq -r '.[0].id' "$RAW/kc-admin.out")"
  kc_admin GET "/realms/$1/users/$id/credentials" >/dev/null
  jq -c '.[0].credentialData | fromjson' "$RAW/kc-admin.out"
}

kc_seed() {
  SRC_SECRET="$(random_hex 24)"
  PEER_SECRET="$(random_hex 24)"
  kc_realm "$SRC_REALM" "$SRC_SECRET" "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"
  kc_realm "$PEER_REALM" "$PEER_SECRET" ""
  # the source's users: the warm-up, one slice per first-sign-in attempt and round, and the users
  # the source's own grants are measured with
  local per_run n
  per_run="$(awk -v r="$MIG_RATE" -v d="$LAT_DURATION" -v w="$LAT_WARMUP" 'BEGIN{printf "%d", r * (d + w) + 0.999}')"
  n=$(( MIG_WARMUP_USERS + per_run * ATTEMPTS * ROUNDS + per_run ))
  seq -f "m$RUN_ID-%06g" 1 "$n" >"$RAW/source-users.txt"
  seq -f "p$RUN_ID-%06g" 1 "$PEER_USERS" >"$RAW/peer-users.txt"
  b_say "Keycloak: realm $SRC_REALM (pbkdf2-sha256, 1 iteration) with $n users, realm $PEER_REALM (argon2id, $PEER_HASHING) with $PEER_USERS users"
  kc_users "$SRC_REALM" "$RAW/source-users.txt"
  kc_users "$PEER_REALM" "$RAW/peer-users.txt"
  SRC_TOKEN_URL="$KC_BASE/realms/$SRC_REALM/protocol/openid-connect/token"
  PEER_TOKEN_URL="$KC_BASE/realms/$PEER_REALM/protocol/openid-connect/token"
  SRC_BASIC="$(printf '%s:%s' "$KC_APP" "$SRC_SECRET" | base64 -w0)"
  PEER_BASIC="$(printf '%s:%s' "$KC_APP" "$PEER_SECRET" | base64 -w0)"
  PEER_HASH="$(kc_hash_of "$PEER_REALM" "$(head -n 1 "$RAW/peer-users.txt")")"
  SRC_HASH="$(kc_hash_of "$SRC_REALM" "$(head -n 1 "$RAW/source-users.txt")")"
  printf 'peer realm %s: %s\nsource realm %s: %s\n' "$PEER_REALM" "$PEER_HASH" "$SRC_REALM" "$SRC_HASH" >"$RAW/keycloak-hashing.txt"
  jq -e ".algorithm == \"argon2\" and .additionalParameters.type[0] == \"id\" and ($PEER_EXPECT)" <<<"$PEER_HASH" >/dev/null \
    || b_die "the peer realm's hashing is not the argon2id asked for (BENCH_PEER_HASHING=$PEER_HASHING): $PEER_HASH"
  jq -e '.algorithm == "pbkdf2-sha256" and .hashIterations == 1' <<<"$SRC_HASH" >/dev/null \
    || b_die "the source realm does not hash with pbkdf2-sha256 x1: $SRC_HASH"
  PEER_M="$(jq -r '.additionalParameters.memory[0]' <<<"$PEER_HASH")"
  PEER_T="$(jq -r '.hashIterations' <<<"$PEER_HASH")"
  PEER_P="$(jq -r '.additionalParameters.parallelism[0]' <<<"$PEER_HASH")"
  b_say "Keycloak peer hashing: $PEER_HASH"
}

# ---------------------------------------------------------------------------------------------
# ours: tenant, app, source

mig_api() { # METHOD PATH [JSON] -> status; body in $RAW/ours-admin.out
  local args=(-s -m 30 -o "$RAW/ours-admin.out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $OPERATOR_TOKEN")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$MIGRATION_BASE$2"
}

ours_seed_migration() {
  TENANT="$MTENANT"
  APP=bench-app
  local status
  status="$(ours_api POST /admin/v1/tenants "{\"id\":\"$TENANT\",\"name\":\"Migration benchmark\"}")"
  [ "$status" = 201 ] || b_die "POST /admin/v1/tenants answered $status: $(cat "$RAW/ours-admin.out")"
  status="$(ours_api POST "/admin/v1/tenants/$TENANT/apps" "{\"client_id\":\"$APP\",\"name\":\"Benchmark app\"}")"
  [ "$status" = 201 ] || b_die "creating $APP answered $status: $(cat "$RAW/ours-admin.out")"
  OURS_SECRET="$(jq -r .client_secret "$RAW/ours-admin.out")"
  OURS_ALG="$(jq -r .signing_alg "$RAW/ours-admin.out")"
  OURS_BASIC="$(printf '%s:%s' "$APP" "$OURS_SECRET" | base64 -w0)"
  status="$(mig_api POST "/admin/v1/tenants/$TENANT/sources" "$(jq -n --arg id "$MSOURCE" --arg u "$SRC_TOKEN_URL" \
    --arg c "$KC_APP" --arg s "$SRC_SECRET" \
    '{id:$id, type:"oauth2_password", name:"Keycloak source realm", secret:$s,
      settings:{token_endpoint:$u, client_id:$c, scope:"openid"},
      attribute_mapping:{email:"email", email_verified:"email_verified", given_name:"given_name", family_name:"family_name"}}')")"
  [ "$status" = 201 ] || b_die "creating the source answered $status: $(cat "$RAW/ours-admin.out")"
  b_say "ours: tenant $TENANT, app $APP (signing $OURS_ALG), source $MSOURCE -> $SRC_TOKEN_URL"
}

# ---------------------------------------------------------------------------------------------
# sanity checks (before anything is measured)

sign_in_once() { # USER [PASSWORD] -> status; body in $RAW/signin.out
  curl -s -m 30 -o "$RAW/signin.out" -w '%{http_code}' -H "Authorization: Bearer $(ours_client_token)" \
    -H 'Content-Type: application/json' \
    --data "$(jq -n --arg i "$1" --arg p "${2:-$(password_of "$1")}" '{identifier:$i, password:$p}')" "$SIGNIN_URL"
}

sanity() {
  local user code
  user="$(sed -n 1p "$RAW/source-users.txt")"
  code="$(sign_in_once "$user")"
  [ "$code" = 200 ] && jq -e '.migrated == true and .id_token and .access_token and .session_id' "$RAW/signin.out" >/dev/null \
    || b_die "a first sign-in answered $code: $(cat "$RAW/signin.out")"
  code="$(sign_in_once "$user")"
  [ "$code" = 200 ] && jq -e '.migrated == false and .id_token and .access_token and .session_id' "$RAW/signin.out" >/dev/null \
    || b_die "a second (local) sign-in answered $code: $(cat "$RAW/signin.out")"
  code="$(sign_in_once "$user" wrong-password)"
  [ "$code" = 400 ] || b_die "a wrong password answered $code: $(cat "$RAW/signin.out")"
  code="$(curl -s -m 30 -o "$RAW/kc-grant.out" -w '%{http_code}' -H "Authorization: Basic $PEER_BASIC" \
    --data-urlencode grant_type=password --data-urlencode "username=$(head -n 1 "$RAW/peer-users.txt")" \
    --data-urlencode "password=$(password_of "$(head -n 1 "$RAW/peer-users.txt")")" --data-urlencode scope=openid "$PEER_TOKEN_URL")"
  [ "$code" = 200 ] && jq -e '.id_token and .access_token and .refresh_token' "$RAW/kc-grant.out" >/dev/null \
    || b_die "the peer's password grant answered $code: $(cat "$RAW/kc-grant.out")"
  b_say "sanity: first sign-in migrated, second local, wrong password 400, peer grant 200 with id/access/refresh tokens"
  # the wrong password left a failure row; clear it by one more good sign-in
  code="$(sign_in_once "$user")"
  [ "$code" = 200 ] || b_die "sign-in after a wrong password answered $code"
  NEXT_USER=2
}

# ---------------------------------------------------------------------------------------------
# measurements

# take_users N FILE: the next N unused source users into FILE
take_users() {
  sed -n "${NEXT_USER},$((NEXT_USER + $1 - 1))p" "$RAW/source-users.txt" >"$2"
  [ "$(wc -l <"$2")" = "$1" ] || b_die "ran out of source users (asked $1 from line $NEXT_USER)"
  NEXT_USER=$((NEXT_USER + $1))
}

# A fresh client access token of our app (5 minutes) at the moment a run starts, not when it was
# queued: `measure` may wait minutes for an idle CPU.
resolve_auth() {
  if [[ "$1" == *@OURS_TOKEN@* ]]; then
    local token
    token="$(ours_client_token)"
    [ -n "$token" ] && [ "$token" != null ] || b_die "no client access token for $APP"
    printf '%s' "${1//@OURS_TOKEN@/$token}"
  else
    printf '%s' "$1"
  fi
}

# open_loop LABEL RATE URL BODY LINES WARMUP [HEADER | --conns N]...: OpenLoop, each line used once at most
open_loop() {
  local label="$1" rate="$2" url="$3" body="$4" lines="$5" warm="$6"; shift 6
  local args=() conns=64
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --conns) conns="$2"; shift 2 ;;
      *) args+=(-H "$(resolve_auth "$1")"); shift ;;
    esac
  done
  "$KC_JAVA_HOME/bin/java" -cp "$RAW/classes" OpenLoop --label "$label" --url "$url" --rate "$rate" \
    --duration "$LAT_DURATION" --warmup "$warm" --conns "$conns" --timeout 30 --body "$body" --lines "$lines" "${args[@]}"
}

# first_signins RUN-FILE: one attempt of the measured first sign-ins: fresh users each time
first_signins() {
  local n
  n="$(awk -v r="$MIG_RATE" -v d="$LAT_DURATION" -v w="$LAT_WARMUP" 'BEGIN{printf "%d", r * (d + w) + 0.999}')"
  take_users "$n" "$1"
  cat "$1" >>"$RAW/migrated-users.txt"
  open_loop ours-first "$MIG_RATE" "$SIGNIN_URL" "$OURS_BODY" "$1" "$LAT_WARMUP" \
    "Authorization: Bearer @OURS_TOKEN@" "Content-Type: application/json"
}

# Every user who signed in for the first time is a migrated user, and reaches provisioning.
check_migrated() {
  local want got i prov
  want="$(sort -u "$RAW/migrated-users.txt" | wc -l)"
  want=$((want + 1)) # the sanity user
  got="$(psql_q "${SVC_DB[migration]}" "select count(*) from migrated_user where tenant_id = '$MTENANT'")"
  [ "$got" = "$want" ] || b_die "$got migrated users in tenant $MTENANT, $want expected"
  for ((i = 0; i < 60; i++)); do
    prov="$(psql_q "${SVC_DB[provisioning]}" "select count(*) from user_identity where tenant_id = '$MTENANT'
              and connection_id = 'migration-$MSOURCE'")"
    [ "$prov" -ge "$want" ] && break
    sleep 1
  done
  [ "$prov" = "$want" ] || b_die "provisioning has $prov users of tenant $MTENANT after 60 s, $want migrated"
  b_say "check: $got migrated users, $prov provisioned"
}

# cost SIDE CPU-FILE SIGNINS -> "cpu_ms=.. per_cpu_s=.. foreign_side_ms=.." from cpuwatch's CPUGROUPS
cost() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
side, path, n = sys.argv[1], sys.argv[2], max(1, int(float(sys.argv[3])))
groups = {}
for line in open(path):
    if line.startswith("CPUGROUPS"):
        groups = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
ours = ["migration", "session", "provisioning", "kafka", "pg:jitsso_migration", "pg:jitsso_session",
        "pg:jitsso_provisioning"]
kc = ["keycloak", "pg:keycloak_bench"]
mine, other = (ours, kc) if side == "ours" else (kc, ours)
cpu = sum(groups.get(k, 0.0) for k in mine)
print(f"cpu_ms={1000 * cpu / n:.2f} per_cpu_s={n / cpu if cpu else float('inf'):.1f} "
      f"other_side_ms={1000 * sum(groups.get(k, 0.0) for k in other) / n:.2f} "
      f"loadgen_ms={1000 * groups.get('loadgen', 0.0) / n:.2f} pg_server_ms={1000 * groups.get('pg:server', 0.0) / n:.2f} "
      f"detail=" + ",".join(f"{k}:{1000 * groups.get(k, 0.0) / n:.2f}" for k in mine))
PY
}

# BENCH_QUIET=1: the shared machine's quiet flag (/tmp/jitsso-quiet: others start no builds, tests or
# benchmarks while it exists) is held during each measured run only, after anyone else's flag is gone.
QUIET_FLAG=/tmp/jitsso-quiet
QUIET_HELD=0
quiet_on() {
  [ "${BENCH_QUIET:-0}" = 1 ] || return 0
  local waited=0
  while [ -e "$QUIET_FLAG" ]; do
    [ "$waited" -lt 900 ] || b_die "the quiet flag $QUIET_FLAG ($(cat "$QUIET_FLAG" 2>/dev/null)) stayed for 15 min"
    b_say "someone else is measuring ($(cat "$QUIET_FLAG" 2>/dev/null)): waiting"
    sleep 15; waited=$((waited + 15))
  done
  echo "migbench $(date -Is) pid $$" >"$QUIET_FLAG"
  QUIET_HELD=1
}
quiet_off() {
  [ "$QUIET_HELD" = 1 ] || return 0
  rm -f "$QUIET_FLAG"
  QUIET_HELD=0
}

# open_measure ROUND NAME SIDE LINE-KIND COMMAND...: a measured open-loop run and its record
open_measure() {
  local r="$1" name="$2" side="$3"; shift 3
  local line c
  quiet_on
  measure "round $r: $name" "$RAW/r$r-$name" "$@"
  quiet_off
  line="$(grep '^OPENLOOP' "$ATTEMPT_OUT")" || b_die "$name: no OPENLOOP line"
  c="$(cost "$side" "$RAW/r$r-$name.try$ATTEMPT_NO.cpu.txt" "$(field "$line" ok)")"
  record "$r" "$name" latency "$(field "$line" achieved_rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "target_rps=$(field "$line" target_rps)" "p90=$(field "$line" p90)" "max=$(field "$line" max)" \
    "late_starts=$(field "$line" late_starts)" "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" $c
  b_say "round $r: $name: $(field "$line" achieved_rps)/s, p50 $(field "$line" p50) ms, p99 $(field "$line" p99) ms; $c (foreign ${ATTEMPT_FOREIGN}%)"
}

# wrk_with SECONDS URL ENV...: wrk over template_lines.lua; BENCH_AUTHORIZATION is resolved now
wrk_with() {
  local secs="$1" url="$2" kv; shift 2
  local -a wenv=()
  for kv in "$@"; do wenv+=("$(resolve_auth "$kv")"); done
  env "${wenv[@]}" wrk -t"$THREADS" -c"$MCONNS" -d"${secs}s" --timeout 30s --latency \
    -s "$BENCH_DIR/wrk/template_lines.lua" "$url"
}

# sat_measure ROUND NAME SIDE URL LINES BODY CONTENT-TYPE AUTHORIZATION: wrk warm-up + measured run
sat_measure() {
  local r="$1" name="$2" side="$3" url="$4" lines="$5" body="$6" ct="$7" auth="$8"
  local out="$RAW/r$r-$name" line c non2xx errs
  local -a wenv=(BENCH_LINES="$lines" BENCH_BODY="$body" BENCH_CONTENT_TYPE="$ct" BENCH_AUTHORIZATION="$auth")
  b_say "round $r: $name: warm-up ${WARMUP}s"
  wrk_with "$WARMUP" "$url" "${wenv[@]}" >"$out.warmup.txt" 2>&1
  grep -q '^WRKRESULT.* non2xx=0 ' "$out.warmup.txt" || { cat "$out.warmup.txt" >&2; b_die "$name: failures in the warm-up"; }
  if [ "$PROFILE" = 1 ] && [ "$side" = ours ]; then
    local svc
    for svc in migration session; do
      "$(dirname "$(readlink -f "$JAVA")")/jcmd" "$(running_pid "$svc")" JFR.start name="bench-$name" settings=profile \
        "duration=$((DURATION + 5))s" "filename=$out-$svc.jfr" >/dev/null
    done
  fi
  quiet_on
  measure "round $r: $name" "$out" wrk_with "$DURATION" "$url" "${wenv[@]}"
  quiet_off
  line="$(grep '^WRKRESULT' "$out.txt" || true)"
  [ -n "$line" ] || { cat "$out.txt" >&2; b_die "$name: no WRKRESULT line"; }
  non2xx="$(field "$line" non2xx)"
  errs=$(( $(field "$line" connect) + $(field "$line" read) + $(field "$line" write) + $(field "$line" timeout) ))
  if [ "$non2xx" != 0 ] || [ "$errs" != 0 ] || grep -q 'Non-2xx' "$out.txt"; then
    cat "$out.txt" >&2
    b_die "$name: $non2xx non-2xx answers and $errs socket errors: this run is invalid"
  fi
  c="$(cost "$side" "$RAW/r$r-$name.try$ATTEMPT_NO.cpu.txt" "$(field "$line" requests)")"
  record "$r" "$name" saturation "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "requests=$(field "$line" requests)" "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" $c
  b_say "round $r: $name: $(field "$line" rps) sign-ins/s, p50 $(field "$line" p50) ms, p99 $(field "$line" p99) ms; $c (foreign ${ATTEMPT_FOREIGN}%)"
}

mig_round() {
  local r="$1" rate_half src_lines
  # the source's own grant at the first-sign-in rate (users of the last slice: a grant changes nothing)
  src_lines="$RAW/source-grant-users.txt"
  tail -n "$(awk -v r="$MIG_RATE" -v d="$LAT_DURATION" -v w="$LAT_WARMUP" 'BEGIN{printf "%d", r * (d + w) + 0.999}')" \
    "$RAW/source-users.txt" >"$src_lines"
  open_measure "$r" source-grant keycloak open_loop source-grant "$MIG_RATE" "$SRC_TOKEN_URL" \
    "grant_type=password$KC_BODY_TAIL" "$src_lines" "$LAT_WARMUP" \
    "Authorization: Basic $SRC_BASIC" "Content-Type: application/x-www-form-urlencoded"
  open_measure "$r" ours-first ours first_signins "$RAW/r$r-first-users.txt"
  check_migrated

  sort -u "$RAW/migrated-users.txt" >"$RAW/local-users.txt"
  sat_measure "$r" ours-local ours "$SIGNIN_URL" "$RAW/local-users.txt" "$OURS_BODY" application/json \
    "Bearer @OURS_TOKEN@"
  sat_measure "$r" kc-password keycloak "$PEER_TOKEN_URL" "$RAW/peer-users.txt" "grant_type=password$KC_BODY_TAIL" \
    application/x-www-form-urlencoded "Basic $PEER_BASIC"

  rate_half="$(awk -F'\t' -v r="$r" '$1==r && $2=="kc-password" {printf "%d", $4 / 2}' "$RESULTS")"
  [ "$rate_half" -ge 1 ] || rate_half=1
  open_measure "$r" ours-local-lat ours open_loop ours-local-lat "$rate_half" "$SIGNIN_URL" "$OURS_BODY" \
    "$RAW/local-users.txt" "$LAT_WARMUP" "Authorization: Bearer @OURS_TOKEN@" "Content-Type: application/json"
  open_measure "$r" kc-password-lat keycloak open_loop kc-password-lat "$rate_half" "$PEER_TOKEN_URL" \
    "grant_type=password$KC_BODY_TAIL" "$RAW/peer-users.txt" "$LAT_WARMUP" \
    "Authorization: Basic $PEER_BASIC" "Content-Type: application/x-www-form-urlencoded"
}

# Unmeasured: first sign-ins (JIT of the migration path, Keycloak's grant path), local sign-ins.
mig_warmup() {
  local n=$MIG_WARMUP_USERS
  take_users "$n" "$RAW/warmup-users.txt"
  cat "$RAW/warmup-users.txt" >>"$RAW/migrated-users.txt"
  b_say "warm-up: $n first sign-ins at $MIG_RATE/s (each saturation run has its own ${WARMUP}s warm-up)"
  if [ "$PROFILE" = 1 ]; then
    # the last minute of the warm-up's first sign-ins, when the JVMs are as warm as they get here
    local svc delay=$(( n / MIG_RATE > 60 ? n / MIG_RATE - 60 : 0 ))
    for svc in migration session; do
      "$(dirname "$(readlink -f "$JAVA")")/jcmd" "$(running_pid "$svc")" JFR.start name=bench-first settings=profile \
        "delay=${delay}s" duration=60s "filename=$RAW/warmup-first-$svc.jfr" >/dev/null
    done
  fi
  # at most 4 at a time: a cold JVM on a busy machine must not be buried under a queue of its own
  LAT_DURATION=$(( n / MIG_RATE )) open_loop warmup-first "$MIG_RATE" "$SIGNIN_URL" "$OURS_BODY" \
    "$RAW/warmup-users.txt" 0 "Authorization: Bearer @OURS_TOKEN@" "Content-Type: application/json" --conns 4 \
    >"$RAW/warmup-first.txt" 2>&1 || { cat "$RAW/warmup-first.txt" >&2; b_die "warm-up first sign-ins failed"; }
}

hash_costs() {
  local ours="$Argon2_OURS"
  "$KC_JAVA_HOME/bin/java" -cp "$BC_JAR:$RAW/classes" HashCost "$ours" "$PEER_M:$PEER_T:$PEER_P" >"$RAW/hash-cost.txt" 2>&1 \
    || { cat "$RAW/hash-cost.txt" >&2; b_die "HashCost failed"; }
  b_say "argon2id CPU per hash, one thread: $(tr '\n' ';' <"$RAW/hash-cost.txt")"
}
Argon2_OURS="19456:2:1"

mig_summary() {
  {
    echo "raw outputs: $RAW"
    echo "hashing: ours argon2id m=19456 KiB t=2 p=1; Keycloak peer (BENCH_PEER_HASHING=$PEER_HASHING) $(sed -n 1p "$RAW/keycloak-hashing.txt")"
    sed 's/^/  /' "$RAW/hash-cost.txt"
  } >"$RAW/summary.md"
  python3 - "$RESULTS" >>"$RAW/summary.md" <<'PY'
import collections, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    extra = dict(kv.split("=", 1) for kv in f[6:] if "=" in kv)
    rows[f[0]][f[1]] = dict(rps=float(f[3]), p50=float(f[4]), p99=float(f[5]), **extra)
for r, d in sorted(rows.items()):
    o, k = d["ours-local"], d["kc-password"]
    print(f"\nround {r}\n")
    print("| measurement | ours | Keycloak | ours / Keycloak |")
    print("|---|---|---|---|")
    print(f"| saturation sign-ins/s ({'closed loop'}) | {o['rps']:.1f} | {k['rps']:.1f} | {o['rps'] / k['rps']:.2f}x |")
    print(f"| sign-ins per CPU-second of the side | {o['per_cpu_s']} | {k['per_cpu_s']} | "
          f"{float(o['per_cpu_s']) / float(k['per_cpu_s']):.2f}x (target >= 1) |")
    print(f"| CPU ms per sign-in | {o['cpu_ms']} | {k['cpu_ms']} | |")
    print(f"| saturation p50 / p99 ms | {o['p50']:.1f} / {o['p99']:.1f} | {k['p50']:.1f} / {k['p99']:.1f} | |")
    ol, kl = d["ours-local-lat"], d["kc-password-lat"]
    print(f"| open loop at {kl['target_rps']}/s: p50 / p99 ms | {ol['p50']:.1f} / {ol['p99']:.1f} "
          f"| {kl['p50']:.1f} / {kl['p99']:.1f} | |")
    f, s = d["ours-first"], d["source-grant"]
    print(f"\nfirst sign-ins at {f['target_rps']}/s (open loop): ours p50 {f['p50']:.1f} ms, p99 {f['p99']:.1f} ms; "
          f"the source's own grant p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms; overhead p50 {f['p50'] - s['p50']:.1f} ms, "
          f"p99 {f['p99'] - s['p99']:.1f} ms (target p99 < 50 ms: {'PASS' if f['p99'] - s['p99'] < 50 else 'FAIL'})")
    print(f"CPU ms per first sign-in: ours {f['cpu_ms']} ({f['detail']}), the source (Keycloak) {f['other_side_ms']}; "
          f"per source grant: {s['cpu_ms']}")
    print(f"local sign-in CPU detail: {o['detail']}; Keycloak: {k['detail']}")
    print("foreign CPU % per run: " + ", ".join(f"{n} {e['foreign']} (try {e['try']})" for n, e in d.items()))
PY
  cat "$RAW/summary.md"
}

mig_main() {
  mkdir -p "$RAW/classes"
  : >"$RESULTS"
  : >"$RAW/migrated-users.txt"
  mig_preflight
  b_say "raw outputs: $RAW"
  wait_for_quiet_load
  machine_facts
  trap mig_cleanup EXIT
  trap 'mig_cleanup 130' INT
  trap 'mig_cleanup 143' TERM
  kc_install
  kc_database
  kc_start
  kc_seed
  hash_costs
  b_say "restarting session-service and migration-service without rate limits (they would cap the benchmark)"
  # The source timeout (5 s) goes to 30 s, like the load generators' own: on a busy machine a slow
  # source shows as latency in the numbers instead of as 503 answers that void the run.
  export JITSSO_RATE_LIMIT_PER_CLIENT=$RATE_OVERRIDE JITSSO_RATE_LIMIT_PER_SESSION=$RATE_OVERRIDE \
    JITSSO_SIGN_IN_PER_CLIENT_PER_SECOND=$RATE_OVERRIDE JITSSO_SIGN_IN_PER_IDENTIFIER_PER_MINUTE=$RATE_OVERRIDE \
    JITSSO_SIGN_IN_SOURCE_TIMEOUT=PT30S
  MIGRATION_RESTARTED=1
  restart_svc session >&2
  restart_svc migration >&2
  tr '\0' '\n' <"/proc/$(running_pid migration)/environ" | grep -E '^JITSSO_SIGN_IN_' >"$RAW/migration-service-overrides.txt"
  [ "$(wc -l <"$RAW/migration-service-overrides.txt")" = 3 ] || b_die "the overrides did not reach migration-service"
  ours_seed_migration
  sanity
  mig_warmup
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    mig_round "$r"
  done
  echo "uptime at end: $(uptime)" >>"$RAW/machine.txt"
  mig_summary
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  mig_main "$@"
fi
