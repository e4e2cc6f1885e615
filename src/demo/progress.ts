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
export function progressDisplay(label: string, out: NodeJS.WriteStream = process.stdout): ProgressDisplay {
  if (out.isTTY) {
    const bar = new SingleBar(
      { format: `${label} {bar} {value}/{total} | updated {updated} skipped {skipped} failed {failed}`, stream: out },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = Math.max(p.total ?? p.processed, p.processed);
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
      const total = p.total ?? 0;
      if (total <= 0) return;
      const quarter = Math.min(4, Math.floor((p.processed * 4) / total));
      if (quarter < nextQuarter) return;
      out.write(`${label} ${p.processed}/${total} (${quarter * 25} %)\n`);
      nextQuarter = quarter + 1;
    },
    stop() {},
  };
}
