-- Creates a budget if absent; an existing one keeps its limit. KEYS[1] budget hash; ARGV[1] limit. Returns the limit.
if redis.call('HSETNX', KEYS[1], 'limit', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'spent', '0', 'outstanding', '0', 'expired', '0')
end
return tonumber(redis.call('HGET', KEYS[1], 'limit'))
