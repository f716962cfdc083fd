-- wrk script for bench/load.sh: each request is a random line of $LOAD_REQUESTS
-- ("<session key> <path>"), so 50 connections act as several logged-in users.
local lines = {}
for line in io.lines(os.getenv("LOAD_REQUESTS")) do
  local session, path = line:match("^(%S+) (.+)$")
  lines[#lines + 1] = { session, path }
end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  local pick = lines[math.random(#lines)]
  return wrk.format("GET", pick[2], { ["Cookie"] = "sessionid=" .. pick[1] })
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (goal p95 <= 300, no errors)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
