/**
 * The budget shared by every worker of a deployment through Redis: the same rules as memory-store.ts,
 * run atomically in Lua with Redis's clock, so workers on several machines draw on one budget.
 * Keys: `<prefix>:plenty:budget:<name>:<slot>` (hash) and `…:<slot>:inflight` (sorted set of permits
 * scored by expiry); both expire on their own once the window is over.
 *
 * One round trip per call: a settle is not sent on its own but queued and carried by the next acquire
 * of the same store (one script call: the queued settles, then the acquire), or sent after
 * `settleDelayMs` when no acquire comes. Until it reaches Redis its permit still counts in flight, so
 * a late settle only holds back budget, never gives out more; a settle of a 429 goes out at once, so
 * every worker waits out the block. A settle that cannot be sent is dropped: its permit expires.
 */
import type { Redis } from 'ioredis';
import type { AcquireRequest, BudgetSlotState, BudgetStore, SettleRequest } from './port.js';

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// Settles, then at most one acquire, each taking its keys (hash, inflight per slot) from KEYS in turn.
// ARGV: settle count; per settle: slot count, permitId, blockMs, then per slot limit, left, resetInMs
// ('' when not observed); then the acquire: slot count (0: none), permitId, ttlMs, reserve, probeWaitMs.
// Returns the acquire's wait (0: taken), -1 without an acquire.
const BATCH = `${NOW}
local a, k = 2, 1
for _ = 1, tonumber(ARGV[1]) do
  local n, permit, block = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  for _ = 1, n do
    local h, z = KEYS[k], KEYS[k + 1]
    k = k + 2
    redis.call('ZREM', z, permit)
    local keepUntil = now
    if block > 0 then
      local blocked = tonumber(redis.call('HGET', h, 'blockedUntil')) or 0
      blocked = math.max(blocked, now + block)
      redis.call('HSET', h, 'blockedUntil', blocked)
      keepUntil = math.max(keepUntil, blocked)
    end
    local limit, obsLeft, resetIn = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
    a = a + 3
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
end
local n = tonumber(ARGV[a])
if n == 0 then return -1 end
local permit, ttl, reserve, probe = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
local last = k + 2 * n - 1
local wait = 0
for i = k, last, 2 do
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
for i = k, last, 2 do
  redis.call('ZADD', KEYS[i + 1], now + ttl, permit)
  redis.call('PEXPIRE', KEYS[i + 1], ttl * 2)
end
return 0`;

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
  /**
   * How long a settle waits for the next acquire of this store to carry it before it is sent on its
   * own; default 20 ms. Its permit counts in flight until then.
   */
  settleDelayMs?: number;
}

type ScriptRedis = Redis & {
  plentyBudgetBatch(...args: (string | number)[]): Promise<number>;
  plentyBudgetInspect(...args: (string | number)[]): Promise<Array<string | number>>;
};

export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  const redis = options.redis as ScriptRedis;
  if (typeof redis.plentyBudgetBatch !== 'function') {
    redis.defineCommand('plentyBudgetBatch', { lua: BATCH });
    redis.defineCommand('plentyBudgetInspect', { lua: INSPECT, numberOfKeys: 2 });
  }
  const settleDelayMs = options.settleDelayMs ?? 20;
  const base = `${options.prefix}:plenty:budget:${options.name}`;
  const opt = (v: string | number) => (v === '' ? undefined : Number(v));
  let queued: SettleRequest[] = [];
  let timer: NodeJS.Timeout | undefined;

  /** One script call: `settles` in order, then `acquire` if given. */
  function batch(settles: SettleRequest[], acquire?: AcquireRequest): Promise<number> {
    const keys: string[] = [];
    const args: Array<string | number> = [settles.length];
    for (const s of settles) {
      args.push(s.slots.length, s.permitId, Math.ceil(s.blockMs ?? 0));
      for (const slot of s.slots) {
        keys.push(`${base}:${slot}`, `${base}:${slot}:inflight`);
        const o = s.observations.find((x) => x.slot === slot);
        if (o) args.push(o.limit, o.callsLeft, Math.ceil(o.resetInMs));
        else args.push('', '', '');
      }
    }
    if (acquire) {
      args.push(acquire.slots.length, acquire.permitId, Math.ceil(acquire.ttlMs), acquire.reserve, Math.ceil(acquire.probeWaitMs));
      for (const slot of acquire.slots) keys.push(`${base}:${slot}`, `${base}:${slot}:inflight`);
    } else {
      args.push(0);
    }
    return redis.plentyBudgetBatch(keys.length, ...keys, ...args);
  }

  /** Takes the queued settles (each is sent once, by whoever takes it). */
  function takeQueued(): SettleRequest[] {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = queued;
    queued = [];
    return taken;
  }

  function flush(): Promise<void> {
    const taken = takeQueued();
    // Not sent (Redis unreachable): the permits expire after their ttl.
    return taken.length ? batch(taken).then(() => undefined, () => undefined) : Promise.resolve();
  }

  return {
    async tryAcquire(req: AcquireRequest): Promise<number> {
      return Number(await batch(takeQueued(), req));
    },
    async settle(req: SettleRequest): Promise<void> {
      queued.push(req);
      if (req.blockMs !== undefined && req.blockMs > 0) return flush();
      timer ??= setTimeout(() => void flush(), settleDelayMs);
    },
    async inspect(slot: string): Promise<BudgetSlotState> {
      await flush();
      const [limit = '', left = '', resetAt = '', blocked = '', inFlight = 0] = await redis.plentyBudgetInspect(`${base}:${slot}`, `${base}:${slot}:inflight`);
      return { limit: opt(limit), callsLeft: opt(left), resetAt: opt(resetAt), blockedUntil: opt(blocked), inFlight: Number(inFlight) };
    },
  };
}
