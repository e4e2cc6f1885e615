import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start real servers, databases and queues: give them room, in child processes
    // (forks) rather than threads. Each process runs file after file with its modules loaded once
    // (isolate: false): loading them again for each of ~180 files took 206 of the run's 700 s on a
    // 2-core CI machine. Every suite closes what it starts and restores what it changes in
    // process.env; process-wide state (the process's Prometheus registry) is reset by the test that
    // reads it.
    pool: 'forks',
    isolate: false,
    // Generous: CLI suites start several processes per test, and CI machines are sometimes busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
  },
});
