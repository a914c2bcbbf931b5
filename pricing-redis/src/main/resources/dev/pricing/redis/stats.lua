-- Adds cell counts to a pool and returns all of them (FleetLearner). KEYS[1] pool hash.
-- ARGV: n, then n triples (cell, trials, conversions); fields are '<cell>|t' and '<cell>|c'.
local n = tonumber(ARGV[1])
for i = 0, n - 1 do
  local cell = ARGV[2 + 3 * i]
  redis.call('HINCRBY', KEYS[1], cell .. '|t', ARGV[3 + 3 * i])
  redis.call('HINCRBY', KEYS[1], cell .. '|c', ARGV[4 + 3 * i])
end
return redis.call('HGETALL', KEYS[1])
