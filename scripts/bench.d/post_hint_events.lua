-- wrk script: POSTs pre-signed, distinct Hint events to /webhooks/hint. Each wrk thread cycles through
-- its own file (<EVENTS_PREFIX>.<thread index>) of "<signature>\t<body>" lines, pre-formatted in
-- init() so the timed loop only hands wrk a ready request.
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function init(args)
  local prefix = os.getenv("EVENTS_PREFIX")
  local path = os.getenv("WEBHOOK_PATH") or "/webhooks/hint"
  requests = {}
  for line in io.lines(prefix .. "." .. index) do
    local tab = line:find("\t", 1, true)
    local headers = { ["Content-Type"] = "application/json", ["X-Hint-Signature"] = line:sub(1, tab - 1) }
    requests[#requests + 1] = wrk.format("POST", path, headers, line:sub(tab + 1))
  end
  next_request = 1
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end
