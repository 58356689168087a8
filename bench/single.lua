-- wrk script: one path, counting every non-2xx answer; prints one JSON line for bench_scale.py.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
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
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p99_ms": %.1f, "non_2xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
