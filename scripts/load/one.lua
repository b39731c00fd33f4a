-- wrk script: one request over and over. P is the path (default /health);
-- B, if set, is a JSON body sent with POST.
-- done() prints: RESULT <requests> <duration_us> <p50_us> <p99_us> <non_2xx> <socket_errors>

local path = os.getenv("P") or "/health"
local body = os.getenv("B")
local req

function init(args)
  if body then
    req = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
  else
    req = wrk.format("GET", path)
  end
end

function request()
  return req
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "result.lua")
