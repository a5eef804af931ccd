#!/usr/bin/env bash
# JIT SSO benchmark: SAML-brokered sign-ins end to end, our gateway against Keycloak 26.7.3 brokering the
# same SAML 2.0 IdP, on the same machine in the same run.
#
#   ./suite up                   # first: PostgreSQL, Kafka, the four services (this script checks it)
#   bench/saml-broker/run.sh     # then this; docs/benchmarks.md explains the method and the numbers
#
# What it does:
#   1. makes an RSA-2048 signing key and self-signed certificate with keytool, then starts the STAND-IN SAML
#      IdP (bench/saml-broker/SamlIdpStandIn.java, JDK only) on BENCH_SAML_IDP_PORT (18291): metadata with its
#      certificate, AuthnRequests over HTTP-Redirect, auto-posted Responses with a signed Assertion
#      (RSA-SHA256, exclusive C14N), NameID = the user the browser names, a multi-valued Role attribute
#      (bench-admins, staff, users), email, givenName, surname. A stand-in because a corporate IdP cannot
#      run here; both brokers get the same one;
#   2. starts Keycloak in production mode (bench/run.sh's kc_* functions) with realm `samlbroker`: a SAML
#      identity provider `saml-idp` with signature validation on against the stand-in's certificate, "want
#      assertions signed", the principal from the NameID, POST-binding responses, sync mode FORCE, the
#      default first-broker-login flow (asks nothing: email and names arrive as attributes), attribute
#      importers email/givenName/surname, a SAML role mapper Role=bench-admins -> realm role admin, and a
#      confidential OIDC client bench-app (PKCE S256);
#   3. ours: tenant `samlbroker`, app bench-app, a SAML connection from the stand-in's metadata URL (its
#      certificate pinned), roles attribute Role, bench-admins -> admin, JIT on;
#   4. per round, for each side: warm-up, then BENCH_DURATION s of closed-loop sign-ins by new users (first
#      sign-ins: each broker creates the user), then the same users again (returning users),
#      BENCH_SAML_CONNS at a time (bench/saml-broker/SamlBrokerLoad.java: OIDC authorization request with
#      PKCE, the broker's redirect with an AuthnRequest, the IdP's auto-post form posted to the broker's ACS,
#      the redirects to the app, the code exchange; every status checked);
#   5. per run, the CPU each side's broker spent per sign-in (bench/cpuwatch.py's CPUGROUPS: ours = gateway +
#      session + provisioning + Kafka + their databases' backends; Keycloak = its JVM + its database's
#      backends), next to the stand-in IdP's and the load generator's, which both sides pay;
#   6. at the end: every user our gateway accepted is provisioned (user_identity) with role admin, and
#      Keycloak's users of each kept run exist with realm role admin and a link to the IdP. Else it fails.
# Raw outputs in bench/results/raw/<timestamp>-saml-broker/.
#
# Settings: BENCH_ROUNDS (2), BENCH_DURATION (20 s), BENCH_SAML_WARMUP (60 s: our three JVMs need it),
# BENCH_SAML_CONNS (8), BENCH_SAML_IDP_PORT (18291), BENCH_SAML_SIGN (assertion | both: also sign the Response), BENCH_QUIET_TAG (unset:
# when set, each round waits until /tmp/jitsso-quiet is gone, creates it with this tag for the round, a few
# minutes, and removes it afterwards: the shared machine's "someone is measuring" flag), plus bench/run.sh's
# BENCH_KC_PORT, BENCH_KC_JAVA_HOME, BENCH_MAX_LOAD, BENCH_MAX_BUSY, BENCH_MAX_FOREIGN, BENCH_ATTEMPTS.
# Ports and database names follow ./suite (SUITE_*_PORT, SUITE_DB_SUFFIX).
set -euo pipefail

SAML_BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# bench/run.sh (sourced: defines its settings and functions, runs nothing) sources ./suite in turn
# shellcheck source=../run.sh
. "$SAML_BENCH_DIR/../run.sh"

RAW="$RAW-saml-broker"
RESULTS="$RAW/results.tsv"
KC_REALM=samlbroker
KC_IDP_ALIAS=saml-idp
SWARMUP="${BENCH_SAML_WARMUP:-60}"
SCONNS="${BENCH_SAML_CONNS:-8}"
SIGN="${BENCH_SAML_SIGN:-assertion}"
IDP_PORT="${BENCH_SAML_IDP_PORT:-18291}"
IDP_BASE="http://127.0.0.1:$IDP_PORT"
IDP_ENTITY="$IDP_BASE/idp"
IDP_PID=""
STENANT=samlbroker
REDIRECT="http://localhost:8088/callback"
GATEWAY_BASE="http://localhost:${SVC_PORT[gateway]}"
SESSION_BASE="http://localhost:${SVC_PORT[session]}"
KEYSTORE_PASS="$(random_hex 12)"
QUIET_FLAG=/tmp/jitsso-quiet
QUIET_TAG="${BENCH_QUIET_TAG:-}"
QUIET_SET=0

quiet_on() {
  [ -n "$QUIET_TAG" ] || return 0
  while [ -e "$QUIET_FLAG" ]; do b_say "waiting: someone is measuring ($(cat "$QUIET_FLAG" 2>/dev/null))"; sleep 15; done
  echo "$QUIET_TAG bench/saml-broker since $(date -u +%H:%M:%S)" >"$QUIET_FLAG"
  QUIET_SET=1
}
quiet_off() {
  [ "$QUIET_SET" = 1 ] && rm -f "$QUIET_FLAG"
  QUIET_SET=0
}

saml_preflight() {
  mkdir -p "$RAW/classes"
  : >"$RESULTS"
  preflight
  local svc code
  for svc in gateway provisioning; do
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:${SVC_PORT[$svc]}/q/health/ready" || true)"
    [ "$code" = 200 ] || b_die "$svc on :${SVC_PORT[$svc]} is not ready (health answered '${code:-nothing}'): run ./suite up first"
  done
  "$KC_JAVA_HOME/bin/javac" -d "$RAW/classes" "$SAML_BENCH_DIR/SamlIdpStandIn.java" "$SAML_BENCH_DIR/SamlBrokerLoad.java" \
    || b_die "could not compile bench/saml-broker/*.java"
}

idp_start() {
  require_port_free "$IDP_PORT" "stand-in SAML IdP (BENCH_SAML_IDP_PORT)"
  "$KC_JAVA_HOME/bin/keytool" -genkeypair -alias idp -keyalg RSA -keysize 2048 -sigalg SHA256withRSA -validity 30 \
    -dname "CN=SAML IdP stand-in (benchmark)" -storetype PKCS12 -keystore "$RAW/idp.p12" \
    -storepass "$KEYSTORE_PASS" -keypass "$KEYSTORE_PASS" >/dev/null 2>&1 || b_die "keytool could not make the IdP key"
  IDP_CERT="$("$KC_JAVA_HOME/bin/keytool" -exportcert -rfc -alias idp -keystore "$RAW/idp.p12" -storepass "$KEYSTORE_PASS" \
    | grep -v -- '-----' | tr -d '\n')"
  nohup "$KC_JAVA_HOME/bin/java" -Xmx256m -cp "$RAW/classes" SamlIdpStandIn --port "$IDP_PORT" --base "$IDP_BASE" \
    --keystore "$RAW/idp.p12" --storepass "$KEYSTORE_PASS" --sign "$SIGN" </dev/null >"$RAW/idp.log" 2>&1 9>&- &
  IDP_PID=$!
  WATCH_EXTRA_PIDS="$IDP_PID"
  local i
  for ((i = 0; i < 30; i++)); do
    curl -sf -o "$RAW/idp-metadata.xml" -m 2 "$IDP_BASE/metadata" \
      && { b_say "stand-in SAML IdP: ready, metadata $IDP_BASE/metadata (pid $IDP_PID, signs: $SIGN)"; return 0; }
    kill -0 "$IDP_PID" 2>/dev/null || { tail -n 20 "$RAW/idp.log" >&2; b_die "the stand-in SAML IdP exited"; }
    sleep 1
  done
  b_die "the stand-in SAML IdP did not become ready"
}

saml_cleanup() {
  local rc="${1:-$?}"
  trap - EXIT INT TERM
  quiet_off
  kc_stop || true
  [ -n "$IDP_PID" ] && kill -TERM "$IDP_PID" 2>/dev/null || true
  [ "$rc" = 0 ] || b_say "FAILED (exit $rc); raw outputs in $RAW"
  exit "$rc"
}

kc_check() { # STATUS WHAT
  case "$1" in 201|204) ;; *) b_die "Keycloak: $2 answered $1: $(cat "$RAW/kc-admin.out")";; esac
}

kc_attribute_importer() { # SAML-ATTRIBUTE USER-ATTRIBUTE
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances/$KC_IDP_ALIAS/mappers" "$(jq -n \
    --arg a "$1" --arg u "$2" --arg i "$KC_IDP_ALIAS" \
    '{name:$a, identityProviderAlias:$i, identityProviderMapper:"saml-user-attribute-idp-mapper",
      config:{syncMode:"FORCE", "attribute.name":$a, "user.attribute":$u}}')")" "create attribute importer $1"
}

kc_configure_saml_broker() {
  local status
  KC_SECRET="$(random_hex 24)"
  status="$(kc_admin DELETE "/realms/$KC_REALM")"
  case "$status" in 204|404) ;; *) b_die "Keycloak: DELETE realm answered $status";; esac
  kc_check "$(kc_admin POST /realms "$(jq -n --arg r "$KC_REALM" '{realm:$r, enabled:true}')")" "create realm"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/roles" '{"name":"admin"}')" "create role admin"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances" "$(jq -n --arg a "$KC_IDP_ALIAS" \
    --arg e "$IDP_ENTITY" --arg s "$IDP_BASE/sso" --arg c "$IDP_CERT" \
    '{alias:$a, providerId:"saml", enabled:true, trustEmail:true, storeToken:false,
      firstBrokerLoginFlowAlias:"first broker login",
      config:{idpEntityId:$e, singleSignOnServiceUrl:$s, nameIDPolicyFormat:"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        principalType:"SUBJECT", postBindingResponse:"true", postBindingAuthnRequest:"false", postBindingLogout:"false",
        wantAuthnRequestsSigned:"false", wantAssertionsSigned:"true", wantAssertionsEncrypted:"false",
        validateSignature:"true", signingCertificate:$c, useMetadataDescriptorUrl:"false",
        allowCreate:"true", syncMode:"FORCE"}}')")" "create SAML identity provider"
  kc_attribute_importer email email
  kc_attribute_importer givenName firstName
  kc_attribute_importer surname lastName
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances/$KC_IDP_ALIAS/mappers" "$(jq -n --arg i "$KC_IDP_ALIAS" \
    '{name:"bench-admins", identityProviderAlias:$i, identityProviderMapper:"saml-role-idp-mapper",
      config:{syncMode:"FORCE", "attribute.name":"Role", "attribute.value":"bench-admins", role:"admin"}}')")" \
    "create role mapper"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/clients" "$(jq -n --arg s "$KC_SECRET" --arg r "$REDIRECT" \
    '{clientId:"bench-app", enabled:true, protocol:"openid-connect", publicClient:false,
      clientAuthenticatorType:"client-secret", secret:$s, standardFlowEnabled:true,
      directAccessGrantsEnabled:false, redirectUris:[$r], attributes:{"pkce.code.challenge.method":"S256"}}')")" \
    "create client"
  kc_admin GET "/realms/$KC_REALM/identity-provider/instances/$KC_IDP_ALIAS" >/dev/null
  jq 'del(.config.signingCertificate)' "$RAW/kc-admin.out" >"$RAW/keycloak-idp.json"
  b_say "Keycloak: realm $KC_REALM brokering the stand-in SAML IdP $IDP_ENTITY (Role bench-admins -> admin), client bench-app"
}

ours_configure_saml() {
  local status body
  status="$(ours_api POST /admin/v1/tenants "{\"id\":\"$STENANT\",\"name\":\"SAML brokering benchmark\"}")"
  case "$status" in 201|409) ;; *) b_die "POST /admin/v1/tenants answered $status: $(cat "$RAW/ours-admin.out")";; esac
  status="$(ours_api POST "/admin/v1/tenants/$STENANT/apps" \
    "{\"client_id\":\"bench-app\",\"name\":\"Benchmark app\",\"redirect_uris\":[\"$REDIRECT\"]}")"
  if [ "$status" = 409 ]; then
    status="$(ours_api POST "/admin/v1/tenants/$STENANT/apps/bench-app/secret")"
  fi
  case "$status" in 200|201) ;; *) b_die "creating bench-app answered $status: $(cat "$RAW/ours-admin.out")";; esac
  SOURS_SECRET="$(jq -r .client_secret "$RAW/ours-admin.out")"
  body="$(jq -n --arg m "$IDP_BASE/metadata" --arg r "$REDIRECT" --arg n "saml-bench-$(date +%s)" \
    '{name:$n, protocol:"saml", saml:{metadata_url:$m, roles_attribute:"Role"},
      role_mappings:[{match:"exact", value:"bench-admins", roles:["admin"]}], default_role:"viewer", jit:true,
      attribute_mappings:{email:"email", given_name:"givenName", family_name:"surname"},
      app_client_id:"bench-app", app_redirect_uri:$r}')"
  status="$(curl -s -m 30 -o "$RAW/ours-admin.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" \
    -H 'Content-Type: application/json' --data "$body" "$GATEWAY_BASE/admin/v1/tenants/$STENANT/connections")"
  [ "$status" = 201 ] || b_die "creating the SAML connection answered $status: $(cat "$RAW/ours-admin.out")"
  SOURS_CONNECTION="$(jq -r .id "$RAW/ours-admin.out")"
  jq 'del(.login_url) | del(.saml.sp_certificate)' "$RAW/ours-admin.out" >"$RAW/ours-connection.json"
  [ "$(jq -r .saml.entity_id "$RAW/ours-connection.json")" = "$IDP_ENTITY" ] \
    || b_die "the connection did not take the IdP's entity id from its metadata: $(cat "$RAW/ours-connection.json")"
  b_say "ours: tenant $STENANT, app bench-app, SAML connection $SOURS_CONNECTION to $IDP_ENTITY (Role bench-admins -> admin)"
}

# side_args SIDE -> SamlBrokerLoad arguments for that side
side_args() {
  if [ "$1" = ours ]; then
    printf '%s\n' --authorize "$GATEWAY_BASE/t/$STENANT/authorize?connection=$SOURS_CONNECTION" \
      --token "$SESSION_BASE/t/$STENANT/oauth2/token" --client-id bench-app --client-secret "$SOURS_SECRET"
  else
    printf '%s\n' --authorize "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/auth?kc_idp_hint=$KC_IDP_ALIAS" \
      --token "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token" --client-id bench-app --client-secret "$KC_SECRET"
  fi
  printf '%s\n' --redirect-uri "$REDIRECT" --idp-sso "$IDP_BASE/sso"
}

saml_load() { # SIDE LABEL ARGS... (runs SamlBrokerLoad; prints its BROKER line)
  local side="$1" label="$2"; shift 2
  local -a args
  mapfile -t args < <(side_args "$side")
  "$KC_JAVA_HOME/bin/java" -Xmx512m -cp "$RAW/classes" SamlBrokerLoad --label "$label" "${args[@]}" "$@"
}

# What autovacuum would do: both sides' databases, before every measured run (replaces bench/run.sh's).
db_maintenance() {
  local db
  for db in "${SVC_DB[session]}" "${SVC_DB[gateway]}" "${SVC_DB[provisioning]}" "$KC_DB"; do
    PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$db" -c 'VACUUM (ANALYZE)' \
      >>"$RAW/vacuum.log" 2>&1 || b_die "VACUUM ANALYZE on $db failed (see $RAW/vacuum.log)"
  done
}

# cost_ms SIDE CPU-FILE SIGNINS -> CPU ms per sign-in of that side's broker, of the stand-in IdP, of the
# load generator and of PostgreSQL's own processes, from bench/cpuwatch.py's CPUGROUPS line
cost_ms() {
  python3 - "$1" "$2" "$3" "pg:${SVC_DB[session]} pg:${SVC_DB[gateway]} pg:${SVC_DB[provisioning]}" "pg:$KC_DB" <<'PY'
import sys
side, path, n, ours_dbs, kc_db = sys.argv[1], sys.argv[2], max(1, int(sys.argv[3])), sys.argv[4].split(), sys.argv[5]
groups = {}
for line in open(path):
    if line.startswith("CPUGROUPS"):
        groups = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
broker = ["gateway", "session", "provisioning", "kafka"] + ours_dbs if side == "ours" else ["keycloak", kc_db]
ms = lambda keys: 1000 * sum(groups.get(k, 0.0) for k in keys) / n
print(f"broker_ms={ms(broker):.1f} idp_ms={ms(['upstream']):.1f} loadgen_ms={ms(['loadgen']):.1f} "
      f"pg_server_ms={ms(['pg:server']):.1f} foreign_ms={ms(['foreign']):.1f}")
PY
}

# measured SIDE NAME ROUND ARGS...: one measured closed-loop run, recorded; sets LAST_LINE
measured() {
  local side="$1" name="$2" r="$3" line cost; shift 3
  measure "round $r: $side $name" "$RAW/r$r-$side-$name" \
    saml_load "$side" "$side-$name" --mode closed --conns "$SCONNS" --duration "$DURATION" "$@"
  line="$(grep '^BROKER' "$ATTEMPT_OUT")"
  cost="$(cost_ms "$side" "$RAW/r$r-$side-$name.try$ATTEMPT_NO.cpu.txt" "$(field "$line" signins)")"
  record "$r" "$side-$name" closed "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" "$(field "$cost" broker_ms)" "$cost" "signins=$(field "$line" signins)"
  b_say "round $r: $side $name: $line; CPU per sign-in: $cost (foreign CPU ${ATTEMPT_FOREIGN}%)"
  LAST_LINE="$line"
}

saml_round() {
  local r="$1" side first prefix
  for side in ours keycloak; do
    b_say "round $r: $side: warm-up ${SWARMUP}s"
    saml_load "$side" "$side-warmup" --mode closed --conns "$SCONNS" --duration "$SWARMUP" \
      --user-prefix "r$r-$side-warm-{run}-" >"$RAW/r$r-$side-warmup.txt" 2>&1 \
      || { cat "$RAW/r$r-$side-warmup.txt" >&2; b_die "$side warm-up failed"; }
    measured "$side" first "$r" --user-prefix "r$r-$side-{run}-"
    first="$(field "$LAST_LINE" next_user)"
    prefix="$(field "$LAST_LINE" user_prefix)"
    echo "$side $prefix $first" >>"$RAW/first-signin-users.txt"
    # the users just created sign in again, round-robin (every attempt of `measure` makes new users: the
    # kept attempt's prefix is in its output)
    measured "$side" again "$r" --user-prefix "$prefix" --first-user 0 --users "$first"
  done
}

psql_q() { PGPASSWORD="$DB_PASSWORD" psql -X -tA -F $'\t' -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -c "$2"; }

# Every account our gateway accepted on the connection is provisioned with role admin (waits up to 30 s
# for the last events); Keycloak's users of each kept first-sign-in run exist, hold realm role admin and
# are linked to the IdP.
verify_provisioning() {
  local accepted provisioned admins i
  accepted="$(psql_q "${SVC_DB[gateway]}" "select count(*) from upstream_account
      where tenant_id = '$STENANT' and connection_id = '$SOURS_CONNECTION'")"
  for ((i = 0; i < 30; i++)); do
    provisioned="$(psql_q "${SVC_DB[provisioning]}" "select count(*) from user_identity
        where tenant_id = '$STENANT' and connection_id = '$SOURS_CONNECTION'")"
    [ "$provisioned" -ge "$accepted" ] && break
    sleep 1
  done
  admins="$(psql_q "${SVC_DB[provisioning]}" "select count(distinct i.upstream_subject) from user_identity i
      join user_role r on r.user_id = i.user_id and r.role = 'admin'
      where i.tenant_id = '$STENANT' and i.connection_id = '$SOURS_CONNECTION'")"
  echo "ours: accepted=$accepted provisioned=$provisioned with_admin=$admins" | tee "$RAW/provisioning.txt" >&2
  [ "$accepted" -gt 0 ] && [ "$provisioned" = "$accepted" ] && [ "$admins" = "$accepted" ] \
    || b_die "ours: not every accepted SAML sign-in was provisioned with role admin (accepted $accepted, provisioned $provisioned, admin $admins)"
  local side prefix n user id count
  count="$(kc_admin GET "/realms/$KC_REALM/users/count" >/dev/null; cat "$RAW/kc-admin.out")"
  while read -r side prefix n; do
    [ "$side" = keycloak ] || continue
    for user in "${prefix}0" "${prefix}$((n - 1))"; do
      kc_admin GET "/realms/$KC_REALM/users?username=$user&exact=true" >/dev/null
      id="$(jq -r '.[0].id // empty' "$RAW/kc-admin.out")"
      [ -n "$id" ] || b_die "Keycloak: user $user of a measured run does not exist"
      kc_admin GET "/realms/$KC_REALM/users/$id/role-mappings/realm" >/dev/null
      jq -e 'map(.name) | index("admin")' "$RAW/kc-admin.out" >/dev/null || b_die "Keycloak: user $user lacks realm role admin"
      kc_admin GET "/realms/$KC_REALM/users/$id/federated-identity" >/dev/null
      jq -e --arg a "$KC_IDP_ALIAS" --arg u "$user" 'map(select(.identityProvider == $a and .userName == $u)) | length == 1' \
        "$RAW/kc-admin.out" >/dev/null || b_die "Keycloak: user $user is not linked to $KC_IDP_ALIAS"
    done
  done <"$RAW/first-signin-users.txt"
  echo "keycloak: users=$count; the first and last user of every kept first-sign-in run hold admin and are linked" \
    | tee -a "$RAW/provisioning.txt" >&2
  curl -s "$IDP_BASE/stats" | sed 's/^/stand-in IdP: /' | tee -a "$RAW/provisioning.txt" >&2
}

saml_summary() {
  python3 - "$RESULTS" <<'PY'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for r in rows:
    by[r[1]].append(r)
print("\n| scenario | ours sign-ins/s | Keycloak sign-ins/s | ratio | ours p50/p99 ms | Keycloak p50/p99 ms "
      "| broker CPU ms per sign-in, ours / Keycloak | CPU ratio | foreign CPU % ours / Keycloak |")
print("|---|---|---|---|---|---|---|---|---|")
for kind in ("first", "again"):
    for o, k in zip(by.get("ours-" + kind, []), by.get("keycloak-" + kind, [])):
        ratio = float(o[3]) / float(k[3]) if float(k[3]) else float("inf")
        cpu = float(k[8]) / float(o[8]) if float(o[8]) else float("inf")
        fo, fk = o[6].split("=")[1], k[6].split("=")[1]
        print(f"| round {o[0]} {'first sign-in' if kind == 'first' else 'returning user'} | {o[3]} | {k[3]} | {ratio:.2f}x "
              f"| {o[4]} / {o[5]} | {k[4]} / {k[5]} | {o[8]} / {k[8]} | {cpu:.2f}x | {fo} / {fk} |")
print()
for r in rows:
    print(f"round {r[0]} {r[1]}: {r[9]} ({r[10]}, {r[7]})")
PY
}

saml_main() {
  saml_preflight
  b_say "raw outputs: $RAW"
  wait_for_quiet_load
  machine_facts
  trap saml_cleanup EXIT
  trap 'saml_cleanup 130' INT
  trap 'saml_cleanup 143' TERM
  idp_start
  kc_install
  kc_database
  kc_start
  kc_configure_saml_broker
  ours_configure_saml
  local side
  for side in ours keycloak; do
    saml_load "$side" "$side-check" --mode closed --conns 1 --duration 30 --count 2 --user-prefix "check-$side-{run}-" \
      >"$RAW/$side-check.txt" 2>&1 || { cat "$RAW/$side-check.txt" >&2; b_die "$side: a SAML-brokered sign-in does not work"; }
    b_say "$side: sanity sign-ins: $(grep '^BROKER' "$RAW/$side-check.txt")"
  done
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    quiet_on
    saml_round "$r"
    quiet_off
  done
  verify_provisioning
  saml_summary | tee "$RAW/summary.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  saml_main "$@"
fi
