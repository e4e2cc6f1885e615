import { MAX_VARIATIONS } from '../sandbox/generator/index.js';
import { UsageError } from '../cli/context.js';

/** What `plentygate demo` is asked to do. */
export interface DemoOptions {
  variations: number;
  seed: number | string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Milliseconds between two pieces of simulated traffic (an order, then a stock change, ...). */
  intervalMs: number;
  /** Wiped at start: the demo always begins on fresh data and never touches a real install's folder. */
  dataDir: string;
  /** One order and one stock change, wait until both are synced, exit. */
  once: boolean;
  /** How long `--once` waits for each sync before giving up. */
  timeoutMs: number;
}

export interface DemoFlags {
  variations: string;
  seed: string;
  port: string;
  interval: string;
  dataDir: string;
  once?: boolean;
  timeout: string;
}

export function parseDemoFlags(flags: DemoFlags): DemoOptions {
  return {
    variations: whole('--variations', flags.variations, 1, MAX_VARIATIONS),
    seed: /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed,
    port: whole('--port', flags.port, 0, 65_535),
    intervalMs: whole('--interval', flags.interval, 100, 3_600_000),
    dataDir: flags.dataDir,
    once: Boolean(flags.once),
    timeoutMs: whole('--timeout', flags.timeout, 1, 3_600) * 1000,
  };
}

function whole(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${name} expects a whole number in ${min}..${max}, got "${value}".`);
  }
  return Number(value);
}
