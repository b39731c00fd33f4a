-- wrk script for scripts/load.sh. LOAD_TARGET=ask (default) rotates a mix of
-- patient questions through POST /v1/ask; LOAD_TARGET=health sends GET /health.
-- Requests are built once in init(), so the client does the same tiny amount
-- of work per request for both targets, and the ratio measures the server.
-- done() prints one machine-readable line for the script:
--   RESULT <requests> <duration_us> <p50_us> <p99_us> <non_2xx> <socket_errors>

local questions = {
  -- answers, spelled right
  "how long do the effects last",
  "can ketamine help my ocd",
  "is spravato the same thing",
  -- answers, with typos
  "wat is ketamine therepy",
  "what are the side affects of ketamine",
  "will i notice a diffrence after the first session",
  -- borderline: suggestions or no_match
  "can i drive home after",
  "im new here, what does your clinic actually do",
  -- nothing fits
  "what is ketchup made of",
  "how do i reset my password",
  "i could kill for a coffee right now",
  -- crisis
  "i want to kill myself",
}

local target = os.getenv("LOAD_TARGET") or "ask"
local requests = {}
local i = 0

function init(args)
  if target == "health" then
    requests[1] = wrk.format("GET", "/health")
    return
  end
  for _, q in ipairs(questions) do
    local body = '{"question":"' .. q .. '"}'
    requests[#requests + 1] =
      wrk.format("POST", "/v1/ask", { ["Content-Type"] = "application/json" }, body)
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "result.lua")
