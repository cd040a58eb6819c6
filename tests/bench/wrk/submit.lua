-- POST /api/v1/applications: session k (tokens.txt) submits its own person's valid transfer
-- (line k of bodies.txt), each request with an Idempotency-Key of its own.
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
  local k = (n * 7 + id) % #tokens + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[k],
    ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", run, id, n),
  }
  return wrk.format("POST", "/api/v1/applications", headers, bodies[k])
end
