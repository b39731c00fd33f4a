-- wrk script for scripts/load_writes.sh: each wrk thread saves draft after
-- draft of its own FAQ (PUT /v1/staff/faqs/{slug} with If-Match), reading
-- the next If-Match from each reply's ETag. Run with one connection per
-- thread, so every save is the FAQ's next version and none is stale.
-- Needs STAFF_TOKEN and, per thread, an edit body in $WORK/edit-<slug>.json.

local token = os.getenv("STAFF_TOKEN")
local work = os.getenv("WORK")
local slugs = {}
for s in string.gmatch(os.getenv("SLUGS") or "", "[^,]+") do
  slugs[#slugs + 1] = s
end
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("slug", slugs[next_thread])
end

function init(args)
  local f = assert(io.open(work .. "/edit-" .. slug .. ".json", "r"))
  body = f:read("*a")
  f:close()
  version = os.getenv("START_VERSION") or "1"
end

function request()
  return wrk.format("PUT", "/v1/staff/faqs/" .. slug, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["If-Match"] = '"' .. version .. '"',
  }, body)
end

function response(status, headers, _)
  local etag = headers["ETag"] or headers["etag"]
  if etag then
    version = string.gsub(etag, '[W/"]', "")
  end
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "result.lua")
