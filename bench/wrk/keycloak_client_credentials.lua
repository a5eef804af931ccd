-- Keycloak: POST /realms/bench/protocol/openid-connect/token, grant_type=client_credentials,
-- client_secret_basic (same client authentication as ours). Env: BENCH_BASIC.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
require "common"

wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. bench_env("BENCH_BASIC")

done = bench_done
