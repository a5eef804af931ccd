-- JIT SSO session-service: POST /t/{tenant}/oauth2/token, grant_type=client_credentials,
-- client_secret_basic. Env: BENCH_BASIC (base64 of client_id:client_secret).
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
require "common"

wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. bench_env("BENCH_BASIC")

done = bench_done
