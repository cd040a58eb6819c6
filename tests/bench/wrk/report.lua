-- Shared by the wrk scripts of `pkg-scripts/bench limits`: reads the data files `prepare` wrote
-- (BENCH_DATA) and prints one JSON line when the run is done: requests, the answers that were not
-- 2xx, successes per second, p50/p99 latency.
local data = os.getenv("BENCH_DATA") or "."

function lines(name)
  local out = {}
  for line in io.lines(data .. "/" .. name) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function words(line)
  local out = {}
  for w in line:gmatch("%S+") do out[#out + 1] = w end
  return out
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.status + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "not_2xx": %d, "socket_errors": %d, "seconds": %.2f, "ok_per_s": %.1f, "p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, e.status, failed - e.status, seconds, (summary.requests - failed) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
