-- Generic POST with a body per line: BENCH_BODY is a template whose every "{line}" becomes the next
-- line of BENCH_LINES (round-robin, each thread starting at a different offset), so each request can
-- sign in another user. Headers: Content-Type BENCH_CONTENT_TYPE, Authorization BENCH_AUTHORIZATION.
package.path = (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua;" .. package.path
require "common"

local lines = bench_lines(bench_env("BENCH_LINES"))
local template = bench_env("BENCH_BODY")
local content_type = bench_env("BENCH_CONTENT_TYPE")
local authorization = bench_env("BENCH_AUTHORIZATION")
local bodies = {}
for i, line in ipairs(lines) do
  -- a function replacement: a "%" in a line stays literal
  bodies[i] = template:gsub("{line}", function() return line end)
end
local threads = 0
counter = 0  -- global: setup() gives each thread its own start offset

function setup(thread)
  thread:set("counter", threads * 7919)
  threads = threads + 1
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = content_type,
    ["Authorization"] = authorization,
  }, bodies[(counter % #bodies) + 1])
end

done = bench_done
