/**
 * How a worker takes jobs from Redis with fewer round trips than BullMQ's own loop, its guarantees kept.
 *
 * BullMQ wakes blocked workers by a marker (`ZADD <queue>:marker 0 "0"` on every add) that a worker
 * pops with BZPOPMIN before moving a job to active. Moving a job to active (moveToActive, or
 * moveToFinished fetching the next job) puts the marker back, in case more jobs wait, and the worker
 * then asks again with another moveToActive. A lone job therefore cost three moveToActive and two
 * BZPOPMIN: the pop, the move, a move that finds nothing, the pop of the marker the move put back, a
 * move that finds nothing again.
 *
 * Here both scripts run as BullMQ wrote them, followed in the same script by: when nothing waits
 * (wait list and prioritized set empty), remove the marker again, and answer that the queue was
 * emptied with the next delayed job's time. The worker's next fetch, the one that would find nothing,
 * is then answered in-process ("nothing", with that time), so the worker blocks on BZPOPMIN at once.
 * A lone job costs one BZPOPMIN and one moveToActive.
 *
 * Why no job waits unseen: the marker is removed only at a moment when nothing waits (BZPOPMIN pops it
 * without looking), and every way a job enters the wait list (add, delayed promotion, retry, stalled
 * recovery, resume) puts it back; BullMQ's own workers rely on that. An answer in-process is given only
 * while this worker has popped no marker since the emptying was seen (a BZPOPMIN's return forgets it),
 * so any job that arrived since has its marker waiting and the BZPOPMIN returns at once. Locks, lock
 * renewal and stalled-job recovery are BullMQ's, untouched.
 */
import { createRequire } from 'node:module';
import { createRedisBackend, type BackendFactory, type RedisQueueBackend } from 'bullmq';

interface BullScript { name: string; content: string; keys: number }

// BullMQ's own scripts (its package exports them only inside dist): wrapped, not copied.
const bullScripts = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js') as Record<string, BullScript>;

/**
 * BullMQ's script, then the emptying. `marker`: the script's KEYS index of the marker key (the wait
 * list is KEYS[1], prioritized KEYS[3], delayed KEYS[7] in both). A table answer gets two more fields:
 * 1 if the queue was emptied, and the next delayed job's time (ms, 0: none; as BullMQ reads it, score /
 * 0x1000); an error code (a negative number) is answered as is.
 */
function wrapped(script: BullScript, marker: number): string {
  return `local function bullmq()
${script.content}
end
local result = bullmq()
if type(result) == 'number' and result < 0 then return result end
local emptied = 0
local nextDelayed = 0
if redis.call('LLEN', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  redis.call('ZREM', KEYS[${marker}], '0')
  emptied = 1
  local d = redis.call('ZRANGE', KEYS[7], 0, 0, 'WITHSCORES')
  if d[2] then nextDelayed = tonumber(d[2]) / 0x1000 end
end
if type(result) == 'table' then
  result[5] = emptied
  result[6] = nextDelayed
end
return result`;
}

/** The scripts wrapped, by BullMQ's command name; the marker's KEYS index is checked against BullMQ's own comment. */
const scripts = new Map<string, { command: string; keys: number; lua: string }>();
for (const [name, marker] of [['moveToActive', 11], ['moveToFinished', 14]] as const) {
  const script = bullScripts[name];
  // Another BullMQ with other keys: its own scripts, unwrapped (correct, just the round trips of old).
  if (!script || !new RegExp(`KEYS\\[${marker}\\]\\s+marker key`).test(script.content)) continue;
  scripts.set(name, { command: `plentygate_${name}`, keys: script.keys, lua: wrapped(script, marker) });
}

type ScriptClient = Record<string, unknown> & {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
};

/** A BullMQ backend factory (Redis) whose workers fetch as described above. */
export const fewerFetchesBackend: BackendFactory<RedisQueueBackend> = (name, opts, options) => {
  const backend = createRedisBackend(name, opts, options);
  /** The last script answered "emptied" since this worker's last BZPOPMIN returned. */
  let emptied: { nextDelayed: number } | undefined;
  /** Bumped when a BZPOPMIN returns: answers to scripts sent before it say nothing about the marker it popped. */
  let pops = 0;

  const execCommand = backend.execCommand.bind(backend);
  backend.execCommand = (client, commandName, args) => {
    const script = scripts.get(commandName);
    if (!script) return execCommand(client, commandName, args);
    const c = client as unknown as ScriptClient;
    if (typeof c[script.command] !== 'function') c.defineCommand(script.command, { numberOfKeys: script.keys, lua: script.lua });
    const sentAfter = pops;
    return (c[script.command] as (args: unknown[]) => Promise<unknown>)(args).then((raw) => {
      if (Array.isArray(raw) && raw.length >= 6 && sentAfter === pops) {
        emptied = Number(raw[4]) === 1 ? { nextDelayed: Number(raw[5]) } : undefined;
      }
      return raw;
    });
  };

  const moveToActive = backend.moveToActive.bind(backend);
  backend.moveToActive = (token, workerName) => {
    if (!emptied) return moveToActive(token, workerName);
    // BullMQ's answer for "nothing to take" (job data, id, rate-limit delay, next delayed time).
    const answer = [undefined, undefined, 0, emptied.nextDelayed];
    emptied = undefined;
    return Promise.resolve(answer);
  };

  const waitForJob = backend.waitForJob.bind(backend);
  backend.waitForJob = async (blockTimeout) => {
    try {
      return await waitForJob(blockTimeout);
    } finally {
      pops += 1;
      emptied = undefined;
    }
  };
  return backend;
};
