/**
 * Counts the Redis commands this process sends, by a hook on ioredis (the client BullMQ and plentygate
 * use): every command, the round trips they took (a pipeline's commands share one) and a breakdown by
 * command, scripts by their name (`moveToActive`, `plentyBudgetBatch`). Client side, so other users of
 * the same Redis (other tests, benchmarks, engineers) do not count, unlike INFO commandstats.
 */
import { Redis } from 'ioredis';

export interface RedisCommandCounts {
  commands: number;
  roundTrips: number;
  byName: Map<string, number>;
}

type Sent = { name: string; args: unknown[] };
type ScriptOwner = { scriptsSet?: Record<string, { sha: string }> };

let counter: { take(): RedisCommandCounts } | undefined;

/** Starts counting (the hook is installed once per process); `take()` answers the counts since the last take and restarts them. */
export function countRedisCommands(): { take(): RedisCommandCounts } {
  counter ??= hook();
  counter.take();
  return counter;
}

function hook(): { take(): RedisCommandCounts } {
  let counts: RedisCommandCounts = { commands: 0, roundTrips: 0, byName: new Map() };
  const pipelines = new WeakSet<object>();
  const scriptNames = new Map<string, string>();
  const nameOf = (owner: ScriptOwner, command: Sent): string => {
    if (command.name !== 'evalsha') return command.name;
    const sha = String(command.args[0]);
    let name = scriptNames.get(sha);
    if (!name) {
      name = Object.entries(owner.scriptsSet ?? {}).find(([, s]) => s.sha === sha)?.[0]?.replace(/:.*$/, '') ?? 'evalsha';
      scriptNames.set(sha, name);
    }
    return name;
  };
  const send = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, command, stream) {
    counts.commands += 1;
    // A pipeline passes its own stream object to every command it writes together.
    const pipeline = stream && 'isPipeline' in stream ? (stream as object) : undefined;
    if (!pipeline || !pipelines.has(pipeline)) counts.roundTrips += 1;
    if (pipeline) pipelines.add(pipeline);
    const name = nameOf(this as unknown as ScriptOwner, command as unknown as Sent);
    counts.byName.set(name, (counts.byName.get(name) ?? 0) + 1);
    return send.call(this, command, stream);
  };
  return {
    take() {
      const taken = counts;
      counts = { commands: 0, roundTrips: 0, byName: new Map() };
      return taken;
    },
  };
}
