-- Offers RATE requests a second on a fixed schedule, and measures each request's latency from the
-- moment the schedule meant to send it, not from when it was sent: when the server stalls (a GC
-- pause), the requests that should have gone out meanwhile count the stall too. Without that
-- correction a paced load generator waits politely with the server, and its percentiles hide the
-- stall ("coordinated omission").
--
-- wrk -t1 -s paced.lua <url> -- <rate> <connections> [varied]
-- With "varied", every request comes from another client, as varied.lua makes them.
-- Prints "corrected p50 p90 p99 p999 max (ms), count" at the end. Run it with one wrk thread: the
-- schedule is the thread's, and latencies pair responses with sends in order, which holds when
-- the server answers the connections in the order it was asked (a single event loop does).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
int clock_gettime(int clock, paced_timespec *out);
]]
local now_ts = ffi.new("paced_timespec")
local function now_us()
  ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
  return tonumber(now_ts.tv_sec) * 1000000 + tonumber(now_ts.tv_nsec) / 1000
end

local interval_us = 0
local next_slot = nil
-- for each slot claimed by delay() and not yet sent, oldest first: how long the server kept the
-- connection busy past that slot
local claimed, claimed_head, claimed_tail = {}, 1, 0
-- requests in flight, oldest first: when each was sent, and the wait to add to its latency
local sent, extra, flight_head, flight_tail = {}, {}, 1, 0
-- when the request of the response just received was sent (response() runs just before delay())
local last_sent = 0
-- latency histogram: bucket i holds latencies in [i, i+1) * 10 us, up to 10 s
hist = {}
count = 0
local varied_request = nil

function init(args)
  local rate = tonumber(args[1])
  interval_us = 1000000 / rate
  if args[3] == "varied" then
    local chunk = assert(loadfile(args[4]))
    local env = setmetatable({}, { __index = _G })
    setfenv(chunk, env)
    chunk()
    env.init({})
    varied_request = env.request
  end
end

function delay()
  local t = now_us()
  if next_slot == nil then next_slot = t end
  local slot = next_slot
  next_slot = next_slot + interval_us
  -- The server kept this connection from sending at its slot for as long as its last response
  -- came in after both the slot and the last request's sending: that wait is the server's, and
  -- counts. How late wrk's own millisecond timers fire is the load generator's, and does not.
  local from = slot
  if last_sent > from then from = last_sent end
  local held = t - from
  if held < 0 then held = 0 end
  claimed_tail = claimed_tail + 1
  claimed[claimed_tail] = held
  local wait_ms = (slot - t) / 1000
  if wait_ms < 0 then wait_ms = 0 end
  return wait_ms
end

function request()
  if next_slot == nil then
    -- wrk asks for one request before the run, to check it: it is never sent
    if varied_request then return varied_request() end
    return wrk.request()
  end
  local held = 0
  if claimed_head <= claimed_tail then
    held = claimed[claimed_head]
    claimed[claimed_head] = nil
    claimed_head = claimed_head + 1
  end
  flight_tail = flight_tail + 1
  sent[flight_tail] = now_us()
  extra[flight_tail] = held
  if varied_request then return varied_request() end
  return wrk.request()
end

function response(status, headers, body)
  if flight_head > flight_tail then return end
  last_sent = sent[flight_head]
  local latency = now_us() - last_sent + extra[flight_head]
  sent[flight_head] = nil
  extra[flight_head] = nil
  flight_head = flight_head + 1
  local bucket = math.floor(latency / 10)
  if bucket > 1000000 then bucket = 1000000 end
  hist[bucket] = (hist[bucket] or 0) + 1
  count = count + 1
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local merged, total = {}, 0
  for _, thread in ipairs(threads) do
    local h = thread:get("hist")
    for bucket, n in pairs(h) do
      merged[bucket] = (merged[bucket] or 0) + n
      total = total + n
    end
  end
  local buckets = {}
  for bucket in pairs(merged) do table.insert(buckets, bucket) end
  table.sort(buckets)
  local function at(q)
    local want, seen = q * total, 0
    for _, bucket in ipairs(buckets) do
      seen = seen + merged[bucket]
      if seen >= want then return bucket / 100 end
    end
    return 0
  end
  local max = buckets[#buckets] or 0
  io.write(string.format("corrected %.3f %.3f %.3f %.3f %.3f %d\n", at(0.5), at(0.9), at(0.99), at(0.999), max / 100, total))
end
