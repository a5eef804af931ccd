-- Keycloak: POST /realms/bench/protocol/openid-connect/token, grant_type=refresh_token,
-- client_secret_basic; rotates over the refresh tokens in BENCH_LINES (one user session each), each
-- thread starting at a different offset. Env: BENCH_BASIC, BENCH_LINES.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
require "common"

local tokens = bench_lines(bench_env("BENCH_LINES"))
local basic = bench_env("BENCH_BASIC")
local threads = 0
counter = 0  -- global: setup() gives each thread its own start offset

function setup(thread)
  thread:set("counter", threads * 7919)
  threads = threads + 1
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. basic,
  }, "grant_type=refresh_token&refresh_token=" .. tokens[(counter % #tokens) + 1])
end

done = bench_done
