-- GET /api/v1/applications/{no} with the verifier (receipts.txt: "number verifier" a line), each
-- request from an address of its own as a trusted proxy forwards it.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local receipts, n

function init(args)
  receipts = {}
  for _, line in ipairs(lines("receipts.txt")) do receipts[#receipts + 1] = words(line) end
  n = 0
end

function request()
  n = n + 1
  local r = receipts[(n * 7919 + id) % #receipts + 1]
  local headers = {
    ["Tongban-Verifier"] = r[2],
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(n / 250) % 250, n % 250 + 1),
  }
  return wrk.format("GET", "/api/v1/applications/" .. r[1], headers)
end
