-- wrk script: the overview and its htmx fragments in turn, counting every non-2xx answer.
local requests = {
  {path = "/", headers = {}},
  {path = "/?status=present", headers = {["HX-Request"] = "true", ["HX-Target"] = "results"}},
  {path = "/?scope=world", headers = {["HX-Request"] = "true", ["HX-Target"] = "map-panel"}},
  {path = "/?series=contributor", headers = {["HX-Request"] = "true", ["HX-Target"] = "timeline-panel"}},
  {path = "/countries/PL/", headers = {["HX-Request"] = "true", ["HX-Target"] = "panel"}},
  {path = "/?kind=aircraft&status=planned", headers = {["HX-Request"] = "true", ["HX-Target"] = "results"}},
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  non2xx = 0
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  return wrk.format("GET", r.path, r.headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'LOAD {"requests": %d, "seconds": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, bad, errors.connect, errors.read, errors.write, errors.timeout))
end
