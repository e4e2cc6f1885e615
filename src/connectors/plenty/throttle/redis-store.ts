/**
 * The budget shared by every worker of a deployment through Redis: the same rules as memory-store.ts,
 * run atomically in Lua with Redis's clock, so workers on several machines draw on one budget.
 * Keys: `<prefix>:plenty:budget:<name>:<slot>` (hash) and `…:<slot>:inflight` (sorted set of permits
 * scored by expiry); both expire on their own once the window is over.
 *
 * Fewer round trips than calls: a settle is not sent on its own but queued and carried by the next
 * script call of the same store (one script call: the queued settles, then the acquire), or sent after
 * `settleDelayMs` when none comes. Until it reaches Redis its permit still counts in flight, so a late
 * settle only holds back budget, never gives out more; a settle of a 429 goes out at once, so every
 * worker waits out the block. A settle that cannot be sent is dropped: its permit expires.
 *
 * Leases: while calls of one kind (the same slots) come faster than one per `leaseMs`, an acquire
 * takes several permits at once (1, 2, 4 … up to `maxLease`; after a lease, about as many as it
 * handed out), and the next calls take them in-process, without a round trip, until `leaseMs` has
 * passed. A leased permit counts in flight in Redis from the moment it is taken, like any other, so
 * the budget's limits hold across processes; the script leases only out of plenty (at most a quarter
 * of the room left, one permit while nothing is known), so one worker's lease never starves another.
 * When the lease ends, the permits not handed out go back with the next script call (at the latest
 * `settleDelayMs` after), and the settles of the calls made on it ride along. What a lease costs: a
 * 429 answered to another worker reaches this one at its next script call, within `leaseMs`; its own
 * 429 ends its leases at once.
 */
import type { Redis } from 'ioredis';
import type { AcquireRequest, BudgetSlotState, BudgetStore, SettleRequest } from './port.js';

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// Settles, then at most one acquire, each taking its keys (hash, inflight per slot) from KEYS in turn.
// ARGV: settle count; per settle: slot count, permitId, blockMs, sentAt (the Redis time its acquire
// returned, 0: unknown), then per slot limit, left, resetInMs ('' when not observed); then the acquire:
// slot count (0: none), permitId, ttlMs, reserve, probeWaitMs, permits wanted (a lease: permitId,
// permitId:2 …), leaseMs. Returns {wait (0: taken, -1: no acquire), permits taken, Redis time}.
// A hash's `since` is the estimated reset of the last window it forgot: an answer to a call sent before
// it may be from that window, so it cannot tell the new window's calls left (see memory-store.ts).
const BATCH = `${NOW}
local a, k = 2, 1
for _ = 1, tonumber(ARGV[1]) do
  local n, permit, block, sentAt = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
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
      local v = redis.call('HMGET', h, 'left', 'resetAt', 'since')
      local left, resetAt, since = tonumber(v[1]), tonumber(v[2]), tonumber(v[3]) or 0
      if resetAt and resetAt <= now then
        since = resetAt; left = nil; resetAt = nil
        redis.call('HDEL', h, 'left', 'resetAt')
        redis.call('HSET', h, 'since', since)
      end
      redis.call('HSET', h, 'limit', limit)
      if left == nil or resetAt == nil then
        if sentAt >= since then left = obsLeft; resetAt = newReset end
      else
        left = math.min(left, obsLeft); resetAt = math.min(resetAt, newReset)
      end
      if left ~= nil then
        redis.call('HSET', h, 'left', left, 'resetAt', resetAt)
        keepUntil = math.max(keepUntil, resetAt)
      end
    end
    local ttl = redis.call('PTTL', h)
    local want = keepUntil - now + 60000
    if ttl < want then redis.call('PEXPIRE', h, want) end
  end
end
local n = tonumber(ARGV[a])
if n == 0 then return {-1, 0} end
local permit, ttl, reserve, probe = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
local want, leaseMs = tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6])
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
    redis.call('HDEL', h, 'left', 'resetAt'); redis.call('HSET', h, 'since', resetAt); left = nil; resetAt = nil
  end
  if left == nil then
    if inflight > 0 then wait = math.max(wait, probe) end
    want = 1
  elseif left - inflight - reserve < 1 then
    if resetAt then wait = math.max(wait, resetAt - now) else wait = math.max(wait, probe) end
  else
    -- A lease takes at most a quarter of the room, so it never leaves the other workers short.
    want = math.max(1, math.min(want, math.floor((left - inflight - reserve) / 4)))
  end
end
if wait > 0 then return {wait, 0} end
-- Leased permits count in flight for the call's ttl after the lease ends, whenever one is handed out.
if want > 1 then ttl = ttl + leaseMs end
for i = k, last, 2 do
  local members = { now + ttl, permit }
  for j = 2, want do
    members[#members + 1] = now + ttl
    members[#members + 1] = permit .. ':' .. j
  end
  redis.call('ZADD', KEYS[i + 1], unpack(members))
  redis.call('PEXPIRE', KEYS[i + 1], ttl * 2)
end
return {0, want, now}`;

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
  /** How long leased permits are handed out in-process before the rest go back; default 50 ms. */
  leaseMs?: number;
  /** The most permits one lease takes; default 8 (1: no leases, one script call per call). */
  maxLease?: number;
}

type ScriptRedis = Redis & {
  plentyBudgetBatch(...args: (string | number)[]): Promise<[number, number, number?]>;
  plentyBudgetInspect(...args: (string | number)[]): Promise<Array<string | number>>;
};

/** Permits taken in Redis (in flight there) and not yet handed to a call. */
interface Lease {
  slots: string[];
  ids: string[];
  /** Handed out until then (performance.now()); each permit counts in flight in Redis for `ttlMs` after. */
  until: number;
  ttlMs: number;
  size: number;
  used: number;
  /** A call found it empty before `until`: the next lease is larger. */
  ranOut: boolean;
}

export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  const redis = options.redis as ScriptRedis;
  if (typeof redis.plentyBudgetBatch !== 'function') {
    redis.defineCommand('plentyBudgetBatch', { lua: BATCH });
    redis.defineCommand('plentyBudgetInspect', { lua: INSPECT, numberOfKeys: 2 });
  }
  const settleDelayMs = options.settleDelayMs ?? 20;
  const leaseMs = options.leaseMs ?? 50;
  const maxLease = Math.max(1, options.maxLease ?? 8);
  const base = `${options.prefix}:plenty:budget:${options.name}`;
  const opt = (v: string | number) => (v === '' ? undefined : Number(v));
  let queued: SettleRequest[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** By the call's slots. */
  const leases = new Map<string, Lease>();
  /** The lease size to ask for next, by the call's slots. */
  const wants = new Map<string, number>();
  /** A call's permit id → the leased permit it was given. */
  const given = new Map<string, string>();
  /** Permit id in Redis → the Redis time it was taken (a settle carries it: see `since` above). */
  const sentAt = new Map<string, number>();

  /** One script call: `settles` in order, then `acquire` (of up to `want` permits) if given; [wait, permits taken, Redis time]. */
  function batch(settles: SettleRequest[], acquire?: AcquireRequest, want = 1): Promise<[number, number, number?]> {
    const keys: string[] = [];
    const args: Array<string | number> = [settles.length];
    for (const s of settles) {
      args.push(s.slots.length, s.permitId, Math.ceil(s.blockMs ?? 0), sentAt.get(s.permitId) ?? 0);
      sentAt.delete(s.permitId);
      for (const slot of s.slots) {
        keys.push(`${base}:${slot}`, `${base}:${slot}:inflight`);
        const o = s.observations.find((x) => x.slot === slot);
        if (o) args.push(o.limit, o.callsLeft, Math.ceil(o.resetInMs));
        else args.push('', '', '');
      }
    }
    if (acquire) {
      args.push(acquire.slots.length, acquire.permitId, Math.ceil(acquire.ttlMs), acquire.reserve, Math.ceil(acquire.probeWaitMs), want, leaseMs);
      for (const slot of acquire.slots) keys.push(`${base}:${slot}`, `${base}:${slot}:inflight`);
    } else {
      args.push(0);
    }
    return redis.plentyBudgetBatch(keys.length, ...keys, ...args);
  }

  /** Ends a lease: its permits not handed out go back with the next script call, as settles without an answer. */
  function endLease(key: string): void {
    const lease = leases.get(key);
    if (!lease) return;
    leases.delete(key);
    for (const id of lease.ids) queued.push({ slots: lease.slots, permitId: id, observations: [] });
    wants.set(key, lease.ranOut ? Math.min(maxLease, lease.size * 2) : Math.max(1, lease.used));
  }

  /** When the last lease still handing out permits ends (0: none). */
  const leasedUntil = () => Math.max(0, ...[...leases.values()].filter((l) => l.ids.length).map((l) => l.until));

  function schedule(ms: number): void {
    timer ??= setTimeout(() => {
      timer = undefined;
      void flush();
    }, Math.max(0, ms));
  }

  /** Takes the queued settles (each is sent once, by whoever takes it), the returns of ended leases among them. */
  function takeQueued(): SettleRequest[] {
    const now = performance.now();
    for (const [key, lease] of leases) if (lease.until <= now) endLease(key);
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = queued;
    queued = [];
    // A lease still handing out permits gives its unused ones back when it ends.
    const until = leasedUntil();
    if (until) schedule(until - now + settleDelayMs);
    return taken;
  }

  function flush(): Promise<void> {
    const taken = takeQueued();
    // Not sent (Redis unreachable): the permits expire after their ttl.
    return taken.length ? batch(taken).then(() => undefined, () => undefined) : Promise.resolve();
  }

  return {
    async tryAcquire(req: AcquireRequest): Promise<number> {
      const key = req.slots.join('\n');
      const lease = leases.get(key);
      const started = performance.now();
      if (lease && started < lease.until && req.ttlMs <= lease.ttlMs) {
        const id = lease.ids.pop();
        if (id !== undefined) {
          lease.used += 1;
          given.set(req.permitId, id);
          return 0;
        }
        lease.ranOut = true;
      }
      endLease(key);
      const want = Math.min(maxLease, wants.get(key) ?? 1);
      const [wait, taken, at] = await batch(takeQueued(), req, want);
      if (Number(wait) > 0) return Number(wait);
      const ids = Array.from({ length: Number(taken) - 1 }, (_, i) => `${req.permitId}:${i + 2}`);
      for (const id of [req.permitId, ...ids]) sentAt.set(id, Number(at));
      const live = leases.get(key);
      if (live && live.until > performance.now()) {
        // Another acquire's lease arrived first: one pool, handed out until the earlier end.
        live.ids.push(...ids);
        live.size += Number(taken);
        live.used += 1;
        live.ttlMs = Math.min(live.ttlMs, req.ttlMs);
      } else {
        if (live) endLease(key);
        leases.set(key, { slots: req.slots, ids, until: started + leaseMs, ttlMs: req.ttlMs, size: Number(taken), used: 1, ranOut: false });
      }
      if (ids.length) schedule(leaseMs + settleDelayMs);
      return 0;
    },
    async settle(req: SettleRequest): Promise<void> {
      const id = given.get(req.permitId);
      if (id !== undefined) given.delete(req.permitId);
      queued.push(id === undefined ? req : { ...req, permitId: id });
      if (req.blockMs !== undefined && req.blockMs > 0) {
        // A 429: every lease ends (this process stops calling on it), and the block goes out at once.
        for (const key of [...leases.keys()]) endLease(key);
        return flush();
      }
      // While a lease hands out permits, settles wait for the script call that ends it.
      const until = leasedUntil();
      schedule(until ? Math.max(settleDelayMs, until - performance.now() + settleDelayMs) : settleDelayMs);
    },
    async inspect(slot: string): Promise<BudgetSlotState> {
      await flush();
      const [limit = '', left = '', resetAt = '', blocked = '', inFlight = 0] = await redis.plentyBudgetInspect(`${base}:${slot}`, `${base}:${slot}:inflight`);
      return { limit: opt(limit), callsLeft: opt(left), resetAt: opt(resetAt), blockedUntil: opt(blocked), inFlight: Number(inFlight) };
    },
  };
}
