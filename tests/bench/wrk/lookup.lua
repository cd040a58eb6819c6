-- GET /api/v1/applications/{no}, as `wrk ... -s lookup.lua URL -- owner|verifier` says:
-- owner: by its owner's session (owned.txt: "token number" a line);
-- verifier: with the verifier (receipts.txt: "number verifier" a line), each request from an
-- address of its own as a trusted proxy forwards it.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local rows, n, owner

function init(args)
  owner = args[1] == "owner"
  rows = {}
  for _, line in ipairs(lines(owner and "owned.txt" or "receipts.txt")) do rows[#rows + 1] = words(line) end
  n = 0
end

function request()
  n = n + 1
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
