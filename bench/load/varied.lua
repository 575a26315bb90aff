-- Every request from a different client: a random public IPv4 address in X-Forwarded-For (the
-- server trusts 127.0.0.1 as its proxy) and a user agent drawn from phones, tablets, desktops,
-- in-app browsers and link-preview bots, so that the analytics path does its full work per scan:
-- a geo lookup, a new unique scanner most of the time, varied rollup keys.
-- wrk -s varied.lua <url>
local agents = {
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
  "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54",
  "WhatsApp/2.23.20.0",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
}
local referrers = { "https://www.instagram.com/", "https://l.facebook.com/", "https://t.co/abc", "https://news.example.org/story" }

function init(args)
  math.randomseed(os.time() + math.random(1, 100000))
end

function request()
  local first = math.random(11, 222)
  if first == 127 then first = 128 end
  local headers = {
    ["User-Agent"] = agents[math.random(#agents)],
    ["X-Forwarded-For"] = first .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254),
  }
  if math.random(2) == 1 then
    headers["Referer"] = referrers[math.random(#referrers)]
  end
  return wrk.format(nil, nil, headers)
end
