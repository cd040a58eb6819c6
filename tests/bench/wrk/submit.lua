-- POST /api/v1/applications: session k (tokens.txt) submits its own person's valid transfer
-- (line k of bodies.txt), each request with an Idempotency-Key of its own, made as the app
-- makes them: the time first (`tb-<time>-…`, here seconds, the thread and a counter).
-- Each session's request is built once, before the run (`init`), in two parts around its key:
-- `request()` only writes the key between them (as lookup.lua builds its requests ahead, so
-- wrk's Lua takes as little as it can of the cores the gateway shares).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local before, after, n
local MARK = "\0key\0"

function init(args)
  local bodies, tokens = lines("bodies.txt"), lines("tokens.txt")
  before, after = {}, {}
  for k = 1, #tokens do
    local headers = {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. tokens[k],
      ["Idempotency-Key"] = MARK,
    }
    local req = wrk.format("POST", "/api/v1/applications", headers, bodies[k])
    local at = req:find(MARK, 1, true)
    before[k], after[k] = req:sub(1, at - 1), req:sub(at + #MARK)
  end
  n = 0
end

function request()
  n = n + 1
  local k = (n * 7 + id) % #before + 1
  return before[k] .. string.format("tb-%x-%d-%08x", os.time(), id, n) .. after[k]
end
