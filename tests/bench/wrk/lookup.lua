-- GET /api/v1/applications/{no}, as `wrk ... -s lookup.lua URL -- owner|verifier` says:
-- owner: by its owner's session (owned.txt: "token number" a line);
-- verifier: with the verifier (receipts.txt: "number verifier" a line), from an address a
-- trusted proxy forwards, another for each request of a cycle.
-- Every request a thread sends is built once, before the run (`init`), as /healthz's one fixed
-- request is: `request()` only hands out the next. wrk shares the machine's cores with the
-- gateway, and formatting each request in Lua as it went cost wrk twice /healthz's CPU a
-- request (49 µs against 25), CPU the gateway's lookups went without.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local built, n

-- The n-th request of thread `id` (n from 1).
local function make(rows, owner, n)
  local r = rows[(n * 7919 + id) % #rows + 1]
  if owner then
    return wrk.format("GET", "/api/v1/applications/" .. r[2], { ["Authorization"] = "Bearer " .. r[1] })
  end
  local headers = {
    ["Tongban-Verifier"] = r[2],
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(n / 250) % 250, n % 250 + 1),
  }
  return wrk.format("GET", "/api/v1/applications/" .. r[1], headers)
end

function init(args)
  local owner = args[1] == "owner"
  local rows = {}
  for _, line in ipairs(lines(owner and "owned.txt" or "receipts.txt")) do rows[#rows + 1] = words(line) end
  -- One cycle, sent over and over: each row once as the owner, each row ten times with the
  -- verifier (10,000 requests, no two from one address; a right verifier is counted nowhere,
  -- so an address met again a cycle later is not a limit the run runs into).
  built = {}
  for i = 1, owner and #rows or 10 * #rows do built[i] = make(rows, owner, i) end
  n = 0
end

function request()
  n = n % #built + 1
  return built[n]
end
