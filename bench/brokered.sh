# Functions the two brokered sign-in benchmarks share (bench/broker/run.sh: OIDC upstream, bench/saml-broker/run.sh:
# SAML IdP). Sourced after bench/run.sh, whose settings and functions (measure, record, field, watch_start, kc_*)
# they use. Each benchmark sets LOAD_CLASS (its Java main class), BROKERED_TENANT (our tenant), KC_REALM and
# KC_IDP_ALIAS (Keycloak's realm and identity provider), and defines protocol_args (its load generator's own
# options, one per line) before calling these.
#
# The load generator is bench/signin/*.java (runner, statistics, HTTP client, the OIDC app) compiled together with
# the benchmark's protocol step (bench/broker/BrokerLoad.java, bench/saml-broker/SamlBrokerLoad.java): JDK only.

SIGNIN_DIR="$BENCH_DIR/signin"
# BENCH_SIDES: which brokers to measure, "ours keycloak" by default; "ours" alone is for A/B runs of our own code
# (no ratio: the peer is not measured)
SIDES="${BENCH_SIDES:-ours keycloak}"

# brokered_with_keycloak: true when Keycloak is one of the sides (its set-up and database are needed)
brokered_with_keycloak() { [[ " $SIDES " == *" keycloak "* ]]; }
# the app both brokers sign users in to: nothing needs to listen there, the code in its query is the point
REDIRECT="http://localhost:8088/callback"
GATEWAY_BASE="http://localhost:${SVC_PORT[gateway]}"
SESSION_BASE="http://localhost:${SVC_PORT[session]}"

# brokered_ours_app NAME: our tenant $BROKERED_TENANT and its app bench-app (a new secret when the app exists);
# sets OURS_SECRET
brokered_ours_app() {
  local status
  status="$(ours_api POST /admin/v1/tenants "$(jq -n --arg t "$BROKERED_TENANT" --arg n "$1" '{id:$t, name:$n}')")"
  case "$status" in 201|409) ;; *) b_die "POST /admin/v1/tenants answered $status: $(cat "$RAW/ours-admin.out")";; esac
  status="$(ours_api POST "/admin/v1/tenants/$BROKERED_TENANT/apps" \
    "{\"client_id\":\"bench-app\",\"name\":\"Benchmark app\",\"redirect_uris\":[\"$REDIRECT\"]}")"
  if [ "$status" = 409 ]; then
    status="$(ours_api POST "/admin/v1/tenants/$BROKERED_TENANT/apps/bench-app/secret")"
  fi
  case "$status" in 200|201) ;; *) b_die "creating bench-app answered $status: $(cat "$RAW/ours-admin.out")";; esac
  OURS_SECRET="$(jq -r .client_secret "$RAW/ours-admin.out")"
}

# brokered_ours_connection JSON: a connection of our tenant for bench-app; sets OURS_CONNECTION (the answer is in
# $RAW/ours-admin.out)
brokered_ours_connection() {
  local status
  status="$(curl -s -m 30 -o "$RAW/ours-admin.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" \
    -H 'Content-Type: application/json' --data "$1" "$GATEWAY_BASE/admin/v1/tenants/$BROKERED_TENANT/connections")"
  [ "$status" = 201 ] || b_die "creating the connection answered $status: $(cat "$RAW/ours-admin.out")"
  OURS_CONNECTION="$(jq -r .id "$RAW/ours-admin.out")"
}

# brokered_kc_realm: Keycloak's realm $KC_REALM, recreated, with the realm role admin; sets KC_SECRET for bench-app
brokered_kc_realm() {
  local status
  KC_SECRET="$(random_hex 24)"
  status="$(kc_admin DELETE "/realms/$KC_REALM")"
  case "$status" in 204|404) ;; *) b_die "Keycloak: DELETE realm answered $status";; esac
  kc_check "$(kc_admin POST /realms "$(jq -n --arg r "$KC_REALM" '{realm:$r, enabled:true}')")" "create realm"
  kc_check "$(kc_admin POST "/realms/$KC_REALM/roles" '{"name":"admin"}')" "create role admin"
}

# brokered_kc_app: the app in $KC_REALM, a confidential OIDC client with PKCE S256 (after brokered_kc_realm)
brokered_kc_app() {
  kc_check "$(kc_admin POST "/realms/$KC_REALM/clients" "$(jq -n --arg s "$KC_SECRET" --arg r "$REDIRECT" \
    '{clientId:"bench-app", enabled:true, protocol:"openid-connect", publicClient:false,
      clientAuthenticatorType:"client-secret", secret:$s, standardFlowEnabled:true,
      directAccessGrantsEnabled:false, redirectUris:[$r], attributes:{"pkce.code.challenge.method":"S256"}}')")" \
    "create client"
}

# side_args SIDE -> the load generator's arguments for that side (ours or keycloak): the app's, then the protocol's
side_args() {
  if [ "$1" = ours ]; then
    printf '%s\n' --authorize "$GATEWAY_BASE/t/$BROKERED_TENANT/authorize?connection=$OURS_CONNECTION" \
      --token "$SESSION_BASE/t/$BROKERED_TENANT/oauth2/token" --client-id bench-app --client-secret "$OURS_SECRET"
  else
    printf '%s\n' --authorize "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/auth?kc_idp_hint=$KC_IDP_ALIAS" \
      --token "$KC_BASE/realms/$KC_REALM/protocol/openid-connect/token" --client-id bench-app --client-secret "$KC_SECRET"
  fi
  printf '%s\n' --redirect-uri "$REDIRECT"
  protocol_args
}

# brokered_services_ready: the gateway and provisioning-service answer ready (./suite up ran)
brokered_services_ready() {
  local svc code
  for svc in gateway provisioning; do
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:${SVC_PORT[$svc]}/q/health/ready" || true)"
    [ "$code" = 200 ] || b_die "$svc on :${SVC_PORT[$svc]} is not ready (health answered '${code:-nothing}'): run ./suite up first"
  done
}

# brokered_await_upstream PID LOG URL WHAT SECONDS: waits until the upstream IdP just started as PID answers URL
# (its body in $RAW/upstream-ready.out); fails when it exits or does not answer in time. Its CPU is watched.
brokered_await_upstream() {
  local pid="$1" log="$2" url="$3" what="$4" seconds="$5" i
  WATCH_EXTRA_PIDS="$pid"
  for ((i = 0; i < seconds; i++)); do
    curl -sf -o "$RAW/upstream-ready.out" -m 2 "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; b_die "the $what exited"; }
    sleep 1
  done
  b_die "the $what did not become ready"
}

# brokered_compile JAVA-FILE...: the shared load generator and the benchmark's own sources into $RAW/classes
brokered_compile() {
  mkdir -p "$RAW/classes"
  "$KC_JAVA_HOME/bin/javac" -d "$RAW/classes" "$SIGNIN_DIR"/*.java "$@" \
    || b_die "could not compile bench/signin/*.java $*"
}

# brokered_load SIDE LABEL ARGS...: runs the load generator against one side; prints its BROKER line
brokered_load() {
  local side="$1" label="$2"; shift 2
  local -a args
  mapfile -t args < <(side_args "$side")
  "$KC_JAVA_HOME/bin/java" -Xmx512m -cp "$RAW/classes" "$LOAD_CLASS" --label "$label" "${args[@]}" "$@"
}

# brokered_check WHAT: two sign-ins per side before anything is measured; fails when one does not work
brokered_check() {
  local side
  for side in $SIDES; do
    brokered_load "$side" "$side-check" --mode closed --conns 1 --duration 30 --count 2 --user-prefix "check-$side-{run}-" \
      >"$RAW/$side-check.txt" 2>&1 || { cat "$RAW/$side-check.txt" >&2; b_die "$side: a $1 sign-in does not work"; }
    b_say "$side: sanity sign-ins: $(grep '^BROKER' "$RAW/$side-check.txt")"
  done
}

# What autovacuum would do (this machine's PostgreSQL has it off): both sides' databases, before every measured
# run (replaces bench/run.sh's).
db_maintenance() {
  vacuum_databases "${SVC_DB[session]}" "${SVC_DB[gateway]}" "${SVC_DB[provisioning]}"
  if brokered_with_keycloak; then vacuum_databases "$KC_DB"; fi
}

# cost_ms SIDE CPU-FILE SIGNINS -> CPU milliseconds per sign-in, from bench/cpuwatch.py's CPUGROUPS and CPUJIT lines:
# that side's broker (ours: the three services, Kafka and their databases' backends; Keycloak: its JVM and its
# database's backends) and the part of it its JIT compiler threads spent, then what both sides pay alike (the
# upstream IdP, the load generator, PostgreSQL's own processes) and the foreign processes
cost_ms() {
  python3 - "$1" "$2" "$3" "pg:${SVC_DB[session]} pg:${SVC_DB[gateway]} pg:${SVC_DB[provisioning]}" "pg:$KC_DB" <<'PY'
import sys
side, path, n, ours_dbs, kc_db = sys.argv[1], sys.argv[2], max(1, int(sys.argv[3])), sys.argv[4].split(), sys.argv[5]
groups, jit = {}, {}
for line in open(path):
    if line.startswith("CPUGROUPS"):
        groups = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    if line.startswith("CPUJIT"):
        jit = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
broker = ["gateway", "session", "provisioning", "kafka"] + ours_dbs if side == "ours" else ["keycloak", kc_db]
ms = lambda keys, table=groups: 1000 * sum(table.get(k, 0.0) for k in keys) / n
print(f"broker_ms={ms(broker):.1f} broker_jit_ms={ms(broker, jit):.1f} upstream_ms={ms(['upstream']):.1f} "
      f"loadgen_ms={ms(['loadgen']):.1f} pg_server_ms={ms(['pg:server']):.1f} foreign_ms={ms(['foreign']):.1f}")
PY
}

# brokered_measured SIDE NAME ROUND CONNS ARGS...: one measured closed-loop run, recorded; sets LAST_LINE
brokered_measured() {
  local side="$1" name="$2" r="$3" conns="$4" line cost; shift 4
  measure "round $r: $side $name" "$RAW/r$r-$side-$name" \
    brokered_load "$side" "$side-$name" --mode closed --conns "$conns" --duration "$DURATION" "$@"
  line="$(grep '^BROKER' "$ATTEMPT_OUT")"
  cost="$(cost_ms "$side" "$RAW/r$r-$side-$name.try$ATTEMPT_NO.cpu.txt" "$(field "$line" signins)")"
  record "$r" "$side-$name" closed "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p99)" \
    "foreign=$ATTEMPT_FOREIGN" "try=$ATTEMPT_NO" "$(field "$cost" broker_ms)" "$cost" "signins=$(field "$line" signins)"
  b_say "round $r: $side $name: $line; CPU per sign-in: $cost (foreign CPU ${ATTEMPT_FOREIGN}%)"
  LAST_LINE="$line"
}

# brokered_round ROUND CONNS WARMUP-SECONDS: per side, a warm-up, then new users (first sign-ins: the broker creates
# each), then the same users again (returning users). The users of each kept first-sign-in run are appended to
# $RAW/first-signin-users.txt (side, prefix, count).
brokered_round() {
  local r="$1" conns="$2" warmup="$3" side first prefix order="$SIDES"
  # Even rounds take the sides in the reverse order (ABBA over two rounds): this VM's speed drifts by up to half
  # within an hour (docs/benchmarks.md, session 10), and with a fixed order that drift always favours the side
  # that goes first. The mean of an odd and an even round favours neither.
  if ((r % 2 == 0)); then order="$(printf '%s\n' $SIDES | tac | tr '\n' ' ')"; fi
  for side in $order; do
    b_say "round $r: $side: warm-up ${warmup}s"
    brokered_load "$side" "$side-warmup" --mode closed --conns "$conns" --duration "$warmup" \
      --user-prefix "r$r-$side-warm-{run}-" >"$RAW/r$r-$side-warmup.txt" 2>&1 \
      || { cat "$RAW/r$r-$side-warmup.txt" >&2; b_die "$side warm-up failed"; }
    brokered_measured "$side" first "$r" "$conns" --user-prefix "r$r-$side-{run}-"
    first="$(field "$LAST_LINE" next_user)"
    prefix="$(field "$LAST_LINE" user_prefix)"
    echo "$side $prefix $first" >>"$RAW/first-signin-users.txt"
    # every attempt of `measure` makes new users: the kept attempt's prefix is in its output
    brokered_measured "$side" again "$r" "$conns" --user-prefix "$prefix" --first-user 0 --users "$first"
  done
}

# brokered_summary: the markdown table of both sides per round, every measured row's CPU split, the provisioning lag
brokered_summary() {
  python3 - "$RESULTS" <<'PY'
import collections, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
for r in rows:
    by[r[1]].append(r)
def cost(r):
    return dict(kv.split("=") for kv in r[9].split())
def no_jit(r):  # broker CPU per sign-in without its JIT compiler threads
    c = cost(r)
    return float(c["broker_ms"]) - float(c.get("broker_jit_ms", 0))
def times(a, b):
    return f"{a / b:.2f}x" if b else "inf"
print("\n| scenario | ours sign-ins/s | Keycloak sign-ins/s | ratio | ours p50/p99 ms | Keycloak p50/p99 ms "
      "| broker CPU ms per sign-in, ours / Keycloak | CPU ratio | same without JIT compilation | ratio "
      "| foreign CPU % ours / Keycloak |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for kind in ("first", "again"):
    for o, k in zip(by.get("ours-" + kind, []), by.get("keycloak-" + kind, [])):
        nj_o, nj_k = no_jit(o), no_jit(k)
        print(f"| round {o[0]} {'first sign-in' if kind == 'first' else 'returning user'} | {o[3]} | {k[3]} "
              f"| {times(float(o[3]), float(k[3]))} | {o[4]} / {o[5]} | {k[4]} / {k[5]} | {o[8]} / {k[8]} "
              f"| {times(float(k[8]), float(o[8]))} | {nj_o:.1f} / {nj_k:.1f} | {times(nj_k, nj_o)} "
              f"| {o[6].split('=')[1]} / {k[6].split('=')[1]} |")
    pairs = list(zip(by.get("ours-" + kind, []), by.get("keycloak-" + kind, [])))
    if len(pairs) > 1:  # ABBA rounds: the means cancel a steady drift of the machine's speed
        def means(f):  # (ours, Keycloak)
            return tuple(sum(f(p[i]) for p in pairs) / len(pairs) for i in (0, 1))
        (o_rps, k_rps), (o_ms, k_ms), (o_nj, k_nj) = means(lambda r: float(r[3])), means(lambda r: float(r[8])), means(no_jit)
        print(f"| mean of {len(pairs)} rounds, {'first sign-in' if kind == 'first' else 'returning user'} | {o_rps:.1f} "
              f"| {k_rps:.1f} | {times(o_rps, k_rps)} | | | {o_ms:.1f} / {k_ms:.1f} | {times(k_ms, o_ms)} "
              f"| {o_nj:.1f} / {k_nj:.1f} | {times(k_nj, o_nj)} | |")
print()
for r in rows:
    if r[2] == "closed":
        print(f"round {r[0]} {r[1]}: {r[9]} ({r[10] if len(r) > 10 else ''}, {r[7]})")
for r in rows:
    if r[1] == "ours-lag":
        print(f"\nprovisioning lag at {r[3]} sign-ins/s achieved (open loop): p50 {r[4]} ms, p99 {r[5]} ms ({r[6]}, {r[7]})")
PY
}
