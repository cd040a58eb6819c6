-- POST /api/v1/applications: a valid transfer (bodies.txt, one JSON a line) under a session
-- (tokens.txt), each with an Idempotency-Key of its own.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local bodies, tokens, n, run

function init(args)
  bodies = lines("bodies.txt")
  tokens = lines("tokens.txt")
  n = 0
  run = tostring(os.time())
end

function request()
  n = n + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(n + id) % #tokens + 1],
    ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", run, id, n),
  }
  return wrk.format("POST", "/api/v1/applications", headers, bodies[(n * 7 + id) % #bodies + 1])
end
