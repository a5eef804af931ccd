-- JIT SSO session-service: POST /v1/auth/session/authenticate {"session_id": ...} with the app's
-- client access token as Bearer; rotates over the session ids in BENCH_LINES (one per line), each
-- thread starting at a different offset. Env: BENCH_TOKEN, BENCH_LINES.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
require "common"

local ids = bench_lines(bench_env("BENCH_LINES"))
local token = bench_env("BENCH_TOKEN")
local threads = 0
counter = 0  -- global: setup() gives each thread its own start offset

function setup(thread)
  thread:set("counter", threads * 7919)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local body = '{"session_id":"' .. ids[(counter % #ids) + 1] .. '"}'
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

done = bench_done
