-- wrk script for bench/load.sh: each request is a random line of $LOAD_REQUESTS
-- ("<session key> <path>"), so 50 connections act as several logged-in users.
-- With LOAD_THINK_MS="low-high" each connection waits a random time in that range
-- before each request (wrk's delay(), not counted in the latency): a person who
-- reads a page before the next click. Without it, each connection sends its next
-- request as soon as the last one is answered: a client hammering, not a person.
local lines = {}
for line in io.lines(os.getenv("LOAD_REQUESTS")) do
  local session, path = line:match("^(%S+) (.+)$")
  lines[#lines + 1] = { session, path }
end
local think_low, think_high = (os.getenv("LOAD_THINK_MS") or ""):match("^(%d+)-(%d+)$")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  local pick = lines[math.random(#lines)]
  return wrk.format("GET", pick[2], { ["Cookie"] = "sessionid=" .. pick[1], ["Accept-Encoding"] = "gzip" })
end

if think_low then
  delay = function()
    return math.random(tonumber(think_low), tonumber(think_high))
  end
end

done = function(summary, latency, requests)
  local think = think_low and (think_low .. "-" .. think_high .. " ms think time") or "no think time"
  io.write(string.format("%s: requests %d (%.1f/s), errors: connect %d read %d write %d timeout %d status %d\n",
    think, summary.requests, summary.requests / (summary.duration / 1e6), summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (goal p95 <= 300, no errors)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
