import { Presets, SingleBar } from 'cli-progress';
import type { RunProgress } from '../profiles/runner.js';

export interface ProgressDisplay {
  update(progress: RunProgress): void;
  stop(): void;
}

/**
 * A bar on a terminal (like `profile:run`); elsewhere (CI, a pipe, the test) a line at every quarter,
 * so a log stays short and still shows the run moving.
 */
export function progressDisplay(label: string, expectedTotal: number | undefined, out: NodeJS.WriteStream = process.stdout): ProgressDisplay {
  // A run that cannot estimate its size reports no total; the caller may know it (the demo's catalog size).
  const totalOf = (p: RunProgress) => Math.max(p.total ?? expectedTotal ?? p.processed, p.processed);
  if (out.isTTY) {
    const bar = new SingleBar(
      { format: `${label} {bar} {value}/{total} | updated {updated} skipped {skipped} failed {failed}`, stream: out },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = totalOf(p);
        const payload = { updated: p.created + p.updated, skipped: p.skipped, failed: p.failed };
        if (!started) bar.start(total, p.processed, payload);
        else {
          bar.setTotal(total);
          bar.update(p.processed, payload);
        }
        started = true;
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let nextQuarter = 1;
  return {
    update(p) {
      const total = totalOf(p);
      if (total <= 0) return;
      const quarter = Math.min(4, Math.floor((p.processed * 4) / total));
      if (quarter < nextQuarter) return;
      out.write(`${label} ${p.processed}/${total} (${quarter * 25} %)\n`);
      nextQuarter = quarter + 1;
    },
    stop() {},
  };
}
