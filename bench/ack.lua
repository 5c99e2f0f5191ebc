-- wrk script for bench/ack_wrk.sh: every request is a signed pull_request
-- delivery with its own X-GitHub-Delivery id, so each one is stored as a new
-- job (a repeated id would take the cheaper duplicate path).
local body = io.open(os.getenv("BENCH_BODY")):read("*a")
local signature = os.getenv("BENCH_SIGNATURE")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
function request()
  n = n + 1
  return wrk.format("POST", "/webhook", {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "pull_request",
    ["X-GitHub-Delivery"] = string.format("wrk-%s-%d-%d", os.time(), tid, n),
    ["X-Hub-Signature-256"] = signature,
  }, body)
end
