-- wrk script of bench/load_wrk.py: each request takes the next line of the file named by
-- WRK_PATHS ("path<TAB>cookie", the cookie may be empty); each thread starts at its own line.
-- At the end, one JSON line with the count, the latency percentiles (µs) and the errors.
local entries = {}
local position = 0
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path then
      table.insert(entries, { path, cookie })
    end
  end
  position = (number or 0) * math.floor(#entries / 7)
end

function request()
  position = position % #entries + 1
  local entry = entries[position]
  local headers = { ["Accept-Encoding"] = "gzip" }
  if entry[2] ~= "" then
    headers["Cookie"] = entry[2]
  end
  return wrk.format("GET", entry[1], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout))
end
