/**
 * Cron schedules ticking in this process. Each tick is added with the job id `<scheduleId>:<tick epoch
 * ms>`, an idempotent add: processes sharing PostgreSQL all tick, and the job exists once.
 */
import { nextTick } from '../cron.js';
import type { Queue, ScheduleDriver, ScheduleSpec } from '../port.js';

// setTimeout cannot wait longer than ~24.8 days; a longer wait is re-armed on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Armed {
  key: string;
  timer: NodeJS.Timeout | undefined;
  /** Cleared when the schedule is removed or changed, so a tick already firing does not re-arm it. */
  live: boolean;
}

export class EmbeddedSchedules implements ScheduleDriver {
  private readonly byQueue = new Map<string, Map<string, Armed>>();

  constructor(
    private readonly queue: (name: string) => Queue,
    private readonly onError: (error: unknown) => void,
  ) {}

  async sync(queueName: string, specs: ScheduleSpec[]): Promise<void> {
    const armed = this.byQueue.get(queueName) ?? new Map<string, Armed>();
    this.byQueue.set(queueName, armed);
    const wanted = new Map(specs.map((spec) => [spec.id, spec]));
    for (const [id, entry] of armed) {
      const spec = wanted.get(id);
      if (!spec || JSON.stringify(spec) !== entry.key) {
        entry.live = false;
        clearTimeout(entry.timer);
        armed.delete(id);
      }
    }
    for (const spec of specs) {
      if (armed.has(spec.id)) continue;
      const entry: Armed = { key: JSON.stringify(spec), timer: undefined, live: true };
      armed.set(spec.id, entry);
      this.arm(queueName, spec, entry, new Date());
    }
  }

  private arm(queueName: string, spec: ScheduleSpec, entry: Armed, after: Date): void {
    if (!entry.live) return;
    const tick = nextTick(spec.cron, spec.timezone, after, spec.window);
    if (!tick) return;
    const wait = tick.getTime() - Date.now();
    if (wait > MAX_TIMER_MS) {
      entry.timer = setTimeout(() => this.arm(queueName, spec, entry, after), MAX_TIMER_MS);
      return;
    }
    entry.timer = setTimeout(() => {
      void this.queue(queueName)
        .add(spec.jobName, spec.data, { ...spec.retry, jobId: `${spec.id}:${tick.getTime()}` })
        .catch(this.onError);
      // From the tick itself, so a timer that fires a little late never skips or repeats a tick.
      this.arm(queueName, spec, entry, new Date(Math.max(tick.getTime(), Date.now() - 1)));
    }, Math.max(0, wait));
  }

  async stop(queueName: string): Promise<void> {
    for (const entry of this.byQueue.get(queueName)?.values() ?? []) {
      entry.live = false;
      clearTimeout(entry.timer);
    }
    this.byQueue.delete(queueName);
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.byQueue.keys()]) await this.stop(name);
  }
}
