/**
 * What a run process's RSS is made of: sampled every 250 ms, the sample with the highest RSS is kept
 * with its parts — V8's heap (committed, and live at that moment: the difference is garbage not yet
 * collected), its young generation, memory outside the heap (Buffers, the database driver's socket
 * buffers) and the rest (code, the Node runtime). `BENCH_HEAP_SNAPSHOT=<file>` also writes one heap
 * snapshot at the run's middle (`BENCH_HEAP_SNAPSHOT_AFTER` seconds, default 5), for DevTools.
 */
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

export interface MemoryAtPeak {
  rssBytes: number;
  /** V8 heap committed (all spaces). */
  heapCommittedBytes: number;
  /** V8 heap in use (live objects and garbage not yet collected). */
  heapUsedBytes: number;
  /** Young generation committed (new space + its large objects). */
  youngBytes: number;
  /** C++ objects held by JavaScript ones (Buffers and other off-heap memory). */
  externalBytes: number;
}

export function sampleMemory(): { stop(): MemoryAtPeak } {
  let peak: MemoryAtPeak = take();
  const timer = setInterval(() => {
    const now = take();
    if (now.rssBytes > peak.rssBytes) peak = now;
  }, 250);
  timer.unref();
  const snapshotFile = process.env.BENCH_HEAP_SNAPSHOT;
  const snapshot = snapshotFile
    ? setTimeout(() => writeHeapSnapshot(snapshotFile), Number(process.env.BENCH_HEAP_SNAPSHOT_AFTER ?? 5) * 1000).unref()
    : undefined;
  return {
    stop() {
      clearInterval(timer);
      if (snapshot) clearTimeout(snapshot);
      return peak;
    },
  };
}

function take(): MemoryAtPeak {
  const usage = process.memoryUsage();
  const young = getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'new_space' || s.space_name === 'new_large_object_space')
    .reduce((sum, s) => sum + s.space_size, 0);
  return { rssBytes: usage.rss, heapCommittedBytes: usage.heapTotal, heapUsedBytes: usage.heapUsed, youngBytes: young, externalBytes: usage.external };
}
