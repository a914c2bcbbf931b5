-- One lease operation on one budget, atomically (docs/fleet.md; the same accounting as LeaseLedger.java).
-- KEYS[1] budget hash {limit, spent, outstanding, expired}; KEYS[2] hash holder -> held; KEYS[3] zset holder -> expiry ms
-- ARGV: op ('sync' | 'release' | 'snapshot'), holder, spent, want, ttlMillis
-- Returns {known, held, available, spent, limit, outstanding, holders, expired}; known = 0 when the budget is absent.
local meta, heldKey, expKey = KEYS[1], KEYS[2], KEYS[3]
local op = ARGV[1]
if redis.call('EXISTS', meta) == 0 then
  return {0, 0, 0, 0, 0, 0, 0, 0}
end
local function num(v) if v then return tonumber(v) else return 0 end end
local function str(v) return string.format('%.0f', v) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = num(redis.call('HGET', meta, 'limit'))
local spent = num(redis.call('HGET', meta, 'spent'))
local outstanding = num(redis.call('HGET', meta, 'outstanding'))
local expired = num(redis.call('HGET', meta, 'expired'))
-- expired leases return their unspent quota to the pool
local dead = redis.call('ZRANGEBYSCORE', expKey, '-inf', now)
for i = 1, #dead do
  outstanding = outstanding - num(redis.call('HGET', heldKey, dead[i]))
  redis.call('HDEL', heldKey, dead[i])
  redis.call('ZREM', expKey, dead[i])
  expired = expired + 1
end
local held = 0
if op ~= 'snapshot' then
  local holder = ARGV[2]
  local delta = tonumber(ARGV[3])
  local want = tonumber(ARGV[4])
  local ttl = tonumber(ARGV[5])
  held = num(redis.call('HGET', heldKey, holder))
  spent = spent + delta
  local used = math.min(delta, held)
  held = held - used
  outstanding = outstanding - used
  if op == 'release' then
    want = 0
  end
  if want > held then
    local avail = limit - spent - outstanding
    if avail < 0 then avail = 0 end
    local grant = math.min(want - held, avail)
    held = held + grant
    outstanding = outstanding + grant
  else
    outstanding = outstanding - (held - want)
    held = want
  end
  if held > 0 then
    redis.call('HSET', heldKey, holder, str(held))
    redis.call('ZADD', expKey, now + ttl, holder)
  else
    redis.call('HDEL', heldKey, holder)
    redis.call('ZREM', expKey, holder)
  end
end
redis.call('HSET', meta, 'spent', str(spent), 'outstanding', str(outstanding), 'expired', str(expired))
local avail = limit - spent - outstanding
if avail < 0 then avail = 0 end
return {1, held, avail, spent, limit, outstanding, redis.call('ZCARD', expKey), expired}
