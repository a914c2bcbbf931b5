-- Adds to the counters of one window of a budget, atomically (CustomerCap; the same accounting as LeaseLedger.java).
-- KEYS[1] budget hash (define.lua); KEYS[2] the window's hash, key -> count
-- ARGV: ttlMillis, n, then n pairs (key, delta)
-- Returns {known, limit, total_1, ..., total_n}; known = 0 (and nothing added) when the budget is absent.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0, 0}
end
local n = tonumber(ARGV[2])
local out = {1, tonumber(redis.call('HGET', KEYS[1], 'limit'))}
for i = 0, n - 1 do
  out[3 + i] = redis.call('HINCRBY', KEYS[2], ARGV[3 + 2 * i], ARGV[4 + 2 * i])
end
-- the window's counters expire together, ttl after its first addition
if n > 0 and redis.call('PTTL', KEYS[2]) == -1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return out
