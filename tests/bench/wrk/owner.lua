-- GET /api/v1/applications/{no} by its owner (owned.txt: "token number" a line).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local owned, n

function init(args)
  owned = {}
  for _, line in ipairs(lines("owned.txt")) do owned[#owned + 1] = words(line) end
  n = 0
end

function request()
  n = n + 1
  local o = owned[(n * 7919 + id) % #owned + 1]
  return wrk.format("GET", "/api/v1/applications/" .. o[2], { ["Authorization"] = "Bearer " .. o[1] })
end
