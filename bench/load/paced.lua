-- Paces each wrk connection to about RATE/CONNECTIONS requests a second, so that the whole run
-- offers RATE requests a second: a load well below the maximum, for its latency percentiles.
-- wrk -s paced.lua <url> -- <rate> <connections>
local delay_ms = 0

function init(args)
  local rate = tonumber(args[1])
  local connections = tonumber(args[2])
  delay_ms = 1000 * connections / rate
end

function delay()
  return delay_ms
end
