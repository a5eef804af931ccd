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
#   4. per round, for each side (in reverse order in even rounds: ABBA, so that a drifting machine favours
#      neither side in the mean of two rounds): warm-up, then BENCH_DURATION s of closed-loop sign-ins by new
#      users (first sign-ins: each broker creates the user), then the same users again (returning users),
#      BENCH_SAML_CONNS at a time (bench/saml-broker/SamlBrokerLoad.java, the SAML step of the load generator
#      shared with bench/broker in bench/signin/: OIDC authorization request with PKCE, the broker's redirect
#      with an AuthnRequest, the IdP's auto-post form posted to the broker's ACS, the redirects to the app, the
#      code exchange; every status checked);
#   5. per run, the CPU each side's broker spent per sign-in (bench/cpuwatch.py's CPUGROUPS: ours = gateway +
#      session + provisioning + Kafka + their databases' backends; Keycloak = its JVM + its database's
#      backends), with and without its JIT compiler threads, next to the stand-in IdP's and the load
#      generator's, which both sides pay;
#   6. at the end: every user our gateway accepted is provisioned (user_identity) with role admin, and
#      Keycloak's users of each kept run exist with realm role admin and a link to the IdP. Else it fails.
# Raw outputs in bench/results/raw/<timestamp>-saml-broker/.
#
# Settings: BENCH_ROUNDS (2), BENCH_DURATION (20 s), BENCH_SAML_WARMUP (60 s: our three JVMs need it),
# BENCH_SAML_CONNS (8), BENCH_SAML_IDP_PORT (18291), BENCH_SAML_SIGN (assertion | both: also sign the Response), BENCH_QUIET_TAG (unset:
# when set, each round waits until /tmp/jitsso-quiet is gone, creates it with this tag for the round, a few
# minutes, and removes it afterwards: the shared machine's "someone is measuring" flag), plus bench/run.sh's
# BENCH_KC_PORT, BENCH_KC_JAVA_HOME, BENCH_MAX_LOAD, BENCH_MAX_BUSY, BENCH_MAX_FOREIGN, BENCH_ATTEMPTS; BENCH_SIDES
# ("ours keycloak"; "ours" alone for A/B runs of our own code, without Keycloak).
# Ports and database names follow ./suite (SUITE_*_PORT, SUITE_DB_SUFFIX).
set -euo pipefail

SAML_BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# bench/run.sh (sourced: defines its settings and functions, runs nothing) sources ./suite in turn
# shellcheck source=../run.sh
. "$SAML_BENCH_DIR/../run.sh"
# shellcheck source=../brokered.sh
. "$SAML_BENCH_DIR/../brokered.sh"

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
BROKERED_TENANT=samlbroker
KEYSTORE_PASS="$(random_hex 12)"
LOAD_CLASS=SamlBrokerLoad
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
  : >"$RAW/first-signin-users.txt"
  preflight
  brokered_services_ready
  brokered_compile "$SAML_BENCH_DIR/SamlIdpStandIn.java" "$SAML_BENCH_DIR/SamlBrokerLoad.java"
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
  brokered_await_upstream "$IDP_PID" "$RAW/idp.log" "$IDP_BASE/metadata" "stand-in SAML IdP" 30
  mv "$RAW/upstream-ready.out" "$RAW/idp-metadata.xml"
  b_say "stand-in SAML IdP: ready, metadata $IDP_BASE/metadata (pid $IDP_PID, signs: $SIGN)"
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

kc_attribute_importer() { # SAML-ATTRIBUTE USER-ATTRIBUTE
  kc_check "$(kc_admin POST "/realms/$KC_REALM/identity-provider/instances/$KC_IDP_ALIAS/mappers" "$(jq -n \
    --arg a "$1" --arg u "$2" --arg i "$KC_IDP_ALIAS" \
    '{name:$a, identityProviderAlias:$i, identityProviderMapper:"saml-user-attribute-idp-mapper",
      config:{syncMode:"FORCE", "attribute.name":$a, "user.attribute":$u}}')")" "create attribute importer $1"
}

kc_configure_saml_broker() {
  brokered_kc_realm
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
  brokered_kc_app
  kc_admin GET "/realms/$KC_REALM/identity-provider/instances/$KC_IDP_ALIAS" >/dev/null
  jq 'del(.config.signingCertificate)' "$RAW/kc-admin.out" >"$RAW/keycloak-idp.json"
  b_say "Keycloak: realm $KC_REALM brokering the stand-in SAML IdP $IDP_ENTITY (Role bench-admins -> admin), client bench-app"
}

ours_configure_saml() {
  brokered_ours_app "SAML brokering benchmark"
  brokered_ours_connection "$(jq -n --arg m "$IDP_BASE/metadata" --arg r "$REDIRECT" --arg n "saml-bench-$(date +%s)" \
    '{name:$n, protocol:"saml", saml:{metadata_url:$m, roles_attribute:"Role"},
      role_mappings:[{match:"exact", value:"bench-admins", roles:["admin"]}], default_role:"viewer", jit:true,
      attribute_mappings:{email:"email", given_name:"givenName", family_name:"surname"},
      app_client_id:"bench-app", app_redirect_uri:$r}')"
  jq 'del(.login_url) | del(.saml.sp_certificate)' "$RAW/ours-admin.out" >"$RAW/ours-connection.json"
  [ "$(jq -r .saml.entity_id "$RAW/ours-connection.json")" = "$IDP_ENTITY" ] \
    || b_die "the connection did not take the IdP's entity id from its metadata: $(cat "$RAW/ours-connection.json")"
  b_say "ours: tenant $BROKERED_TENANT, app bench-app, SAML connection $OURS_CONNECTION to $IDP_ENTITY (Role bench-admins -> admin)"
}

# protocol_args -> SamlBrokerLoad's own arguments (the app's come from side_args)
protocol_args() {
  printf '%s\n' --idp-sso "$IDP_BASE/sso"
}

# Every account our gateway accepted on the connection is provisioned with role admin (waits up to 30 s
# for the last events); Keycloak's users of each kept first-sign-in run exist, hold realm role admin and
# are linked to the IdP.
verify_provisioning() {
  local accepted provisioned admins i
  accepted="$(psql_q "${SVC_DB[gateway]}" "select count(*) from upstream_account
      where tenant_id = '$BROKERED_TENANT' and connection_id = '$OURS_CONNECTION'")"
  for ((i = 0; i < 30; i++)); do
    provisioned="$(psql_q "${SVC_DB[provisioning]}" "select count(*) from user_identity
        where tenant_id = '$BROKERED_TENANT' and connection_id = '$OURS_CONNECTION'")"
    [ "$provisioned" -ge "$accepted" ] && break
    sleep 1
  done
  admins="$(psql_q "${SVC_DB[provisioning]}" "select count(distinct i.upstream_subject) from user_identity i
      join user_role r on r.user_id = i.user_id and r.role = 'admin'
      where i.tenant_id = '$BROKERED_TENANT' and i.connection_id = '$OURS_CONNECTION'")"
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

saml_main() {
  saml_preflight
  b_say "raw outputs: $RAW"
  wait_for_quiet_load
  machine_facts
  trap saml_cleanup EXIT
  trap 'saml_cleanup 130' INT
  trap 'saml_cleanup 143' TERM
  idp_start
  if brokered_with_keycloak; then
    kc_install
    kc_database
    kc_start
    kc_configure_saml_broker
  fi
  ours_configure_saml
  brokered_check SAML-brokered
  local r
  for ((r = 1; r <= ROUNDS; r++)); do
    quiet_on
    brokered_round "$r" "$SCONNS" "$SWARMUP"
    quiet_off
  done
  verify_provisioning
  brokered_summary | tee "$RAW/summary.md"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  saml_main "$@"
fi
