-- Shared by the bench scripts: prints one machine-readable line after the run, so run.sh does not
-- have to scrape wrk's human output. Latencies in ms. wrk calls done() once, after all threads.
function bench_done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d duration_s=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end

-- Reads a file of one value per line into a table (fails loudly when empty).
function bench_lines(path)
  local t = {}
  for line in io.lines(path) do
    if #line > 0 then t[#t + 1] = line end
  end
  assert(#t > 0, path .. " is empty")
  return t
end

function bench_env(name)
  local v = os.getenv(name)
  assert(v and #v > 0, "environment variable " .. name .. " is not set")
  return v
end
