import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start real servers, databases and queues: give them room, and run files in
    // separate processes so one suite's servers never leak into another's.
    pool: 'forks',
    // Generous: CLI suites start several processes per test, and CI machines are sometimes busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
  },
});
