-- The one wrk script of every scenario; bench/run.py sets WRK_* in wrk's
-- environment (wrk hands script arguments to init() only, too late to
-- decide whether request() and response() exist at all, and defining them
-- costs wrk its pre-built request and adds a parse of every response).
--
--   WRK_MODE=get        the URL as given
--   WRK_MODE=nocache    a unique query string on every request (caches bypassed)
--   WRK_MODE=join_form  POST the join form, a fresh address every time
--   WRK_MODE=join_api   POST /api/v2/join/ as JSON, a fresh address every time
--   WRK_COUNT=1         count responses by status
--
-- done() prints one line, BENCH_RESULT {json}, with p50/p90/p95/p99 (wrk's
-- own --latency table has no p95).

local mode = os.getenv("WRK_MODE") or "get"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  counter = 0
  statuses = {}
  prefix = os.getenv("WRK_PREFIX") or "wrk"
  csrf = os.getenv("WRK_CSRF") or ""
  groups = {}
  for slug in (os.getenv("WRK_GROUPS") or ""):gmatch("[^,]+") do
    table.insert(groups, slug)
  end
end

local function next_person()
  counter = counter + 1
  local email = string.format("%s-%d-%d@example.org", prefix, thread_id, counter)
  return email, groups[counter % #groups + 1]
end

if mode == "nocache" then
  function request()
    counter = counter + 1
    return wrk.format(nil, string.format("%s?nocache=%d-%d", wrk.path, thread_id, counter))
  end
elseif mode == "join_form" then
  function request()
    local email, group = next_person()
    local body = "first_name=Bench&last_name=Writer&email=" .. email:gsub("@", "%%40")
      .. "&state=MN&chamber=house&district=12&role=legislator&groups=" .. group
      .. "&agree_principles=on&csrfmiddlewaretoken=" .. csrf
    return wrk.format("POST", nil, nil, body)
  end
elseif mode == "join_api" then
  function request()
    local email, group = next_person()
    local body = string.format(
      '{"first_name":"Bench","last_name":"Writer","email":"%s","state":"MN",'
        .. '"chamber":"house","district":"12","role":"legislator",'
        .. '"groups":["%s"],"agree_principles":true}',
      email, group)
    return wrk.format("POST", nil, nil, body)
  end
end

if os.getenv("WRK_COUNT") == "1" then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      table.insert(counts, string.format("[%d,%d]", status, count))
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,'
      .. '"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"statuses":[%s]}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, table.concat(counts, ",")))
end
