-- GET /healthz: the gateway's cheapest answer, the limit of a lookup.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
wrk.path = "/healthz"
