/**
 * The budget shared by every worker of a deployment through Redis: the same rules as memory-store.ts,
 * run atomically in Lua with Redis's clock, so workers on several machines draw on one budget.
 * Keys: `<prefix>:plenty:budget:<name>:<slot>` (hash) and `…:<slot>:inflight` (sorted set of permits
 * scored by expiry); both expire on their own once the window is over.
 */
import type { Redis } from 'ioredis';
import type { AcquireRequest, BudgetSlotState, BudgetStore, SettleRequest } from './port.js';

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: hash1, inflight1, hash2, inflight2, ...  ARGV: permitId, ttlMs, reserve, probeWaitMs
const ACQUIRE = `${NOW}
local wait = 0
local permit, ttl, reserve, probe = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 1, #KEYS, 2 do
  local h, z = KEYS[i], KEYS[i + 1]
  redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
  local inflight = redis.call('ZCARD', z)
  local v = redis.call('HMGET', h, 'left', 'resetAt', 'blockedUntil')
  local left, resetAt, blocked = tonumber(v[1]), tonumber(v[2]), tonumber(v[3])
  if blocked and blocked > now then wait = math.max(wait, blocked - now) end
  if resetAt and resetAt <= now then
    redis.call('HDEL', h, 'left', 'resetAt'); left = nil; resetAt = nil
  end
  if left == nil then
    if inflight > 0 then wait = math.max(wait, probe) end
  elseif left - inflight - reserve < 1 then
    if resetAt then wait = math.max(wait, resetAt - now) else wait = math.max(wait, probe) end
  end
end
if wait > 0 then return wait end
for i = 1, #KEYS, 2 do
  redis.call('ZADD', KEYS[i + 1], now + ttl, permit)
  redis.call('PEXPIRE', KEYS[i + 1], ttl * 2)
end
return 0`;

// KEYS as above. ARGV: permitId, blockMs, then per slot: limit, left, resetInMs ('' when not observed)
const SETTLE = `${NOW}
local permit, block = ARGV[1], tonumber(ARGV[2])
for i = 1, #KEYS, 2 do
  local h, z = KEYS[i], KEYS[i + 1]
  local n = (i - 1) / 2
  redis.call('ZREM', z, permit)
  local keepUntil = now
  if block > 0 then
    local blocked = tonumber(redis.call('HGET', h, 'blockedUntil')) or 0
    blocked = math.max(blocked, now + block)
    redis.call('HSET', h, 'blockedUntil', blocked)
    keepUntil = math.max(keepUntil, blocked)
  end
  local limit, obsLeft, resetIn = ARGV[3 + n * 3], tonumber(ARGV[4 + n * 3]), tonumber(ARGV[5 + n * 3])
  if obsLeft ~= nil then
    local newReset = now + resetIn
    local v = redis.call('HMGET', h, 'left', 'resetAt')
    local left, resetAt = tonumber(v[1]), tonumber(v[2])
    if left == nil or resetAt == nil or resetAt <= now then
      left = obsLeft; resetAt = newReset
    else
      left = math.min(left, obsLeft); resetAt = math.min(resetAt, newReset)
    end
    redis.call('HSET', h, 'limit', limit, 'left', left, 'resetAt', resetAt)
    keepUntil = math.max(keepUntil, resetAt)
  end
  local ttl = redis.call('PTTL', h)
  local want = keepUntil - now + 60000
  if ttl < want then redis.call('PEXPIRE', h, want) end
end
return 1`;

// KEYS: hash, inflight
const INSPECT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local v = redis.call('HMGET', KEYS[1], 'limit', 'left', 'resetAt', 'blockedUntil')
return { v[1] or '', v[2] or '', v[3] or '', v[4] or '', redis.call('ZCARD', KEYS[2]) }`;

export interface RedisBudgetStoreOptions {
  redis: Redis;
  /** Deployment key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Which budget: one per PlentyONE system and user, e.g. the credential name. */
  name: string;
}

type ScriptRedis = Redis & {
  plentyBudgetAcquire(...args: (string | number)[]): Promise<number>;
  plentyBudgetSettle(...args: (string | number)[]): Promise<number>;
  plentyBudgetInspect(...args: (string | number)[]): Promise<Array<string | number>>;
};

export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  const redis = options.redis as ScriptRedis;
  if (typeof redis.plentyBudgetAcquire !== 'function') {
    redis.defineCommand('plentyBudgetAcquire', { lua: ACQUIRE });
    redis.defineCommand('plentyBudgetSettle', { lua: SETTLE });
    redis.defineCommand('plentyBudgetInspect', { lua: INSPECT, numberOfKeys: 2 });
  }
  const base = `${options.prefix}:plenty:budget:${options.name}`;
  const keys = (slots: string[]) => slots.flatMap((s) => [`${base}:${s}`, `${base}:${s}:inflight`]);
  const opt = (v: string | number) => (v === '' ? undefined : Number(v));

  return {
    async tryAcquire(req: AcquireRequest): Promise<number> {
      const k = keys(req.slots);
      return Number(await redis.plentyBudgetAcquire(k.length, ...k, req.permitId, Math.ceil(req.ttlMs), req.reserve, Math.ceil(req.probeWaitMs)));
    },
    async settle(req: SettleRequest): Promise<void> {
      const k = keys(req.slots);
      const per = req.slots.flatMap((slot): Array<string | number> => {
        const o = req.observations.find((x) => x.slot === slot);
        return o ? [o.limit, o.callsLeft, Math.ceil(o.resetInMs)] : ['', '', ''];
      });
      await redis.plentyBudgetSettle(k.length, ...k, req.permitId, Math.ceil(req.blockMs ?? 0), ...per);
    },
    async inspect(slot: string): Promise<BudgetSlotState> {
      const [limit = '', left = '', resetAt = '', blocked = '', inFlight = 0] = await redis.plentyBudgetInspect(`${base}:${slot}`, `${base}:${slot}:inflight`);
      return { limit: opt(limit), callsLeft: opt(left), resetAt: opt(resetAt), blockedUntil: opt(blocked), inFlight: Number(inFlight) };
    },
  };
}
