-- POST /api/v1/applications: session k (tokens.txt) submits its own person's valid transfer
-- (line k of bodies.txt), each request with an Idempotency-Key of its own, made as the app
-- makes them: the time first (`tb-<time>-…`, here seconds, the thread and a counter).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local bodies, tokens, n

function init(args)
  bodies = lines("bodies.txt")
  tokens = lines("tokens.txt")
  n = 0
end

function request()
  n = n + 1
  local k = (n * 7 + id) % #tokens + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[k],
    ["Idempotency-Key"] = string.format("tb-%x-%d-%08x", os.time(), id, n),
  }
  return wrk.format("POST", "/api/v1/applications", headers, bodies[k])
end
