-- Shared by the wrk scripts in this folder: prints one machine-readable line
--   RESULT <requests> <duration_us> <p50_us> <p99_us> <non_2xx> <socket_errors>
-- Load it with: done = dofile(<this folder> .. "result.lua")

return function(summary, latency, _)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
