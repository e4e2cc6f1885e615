/**
 * The PostgreSQL pool's CPU per query as a process ages: rounds of simple queries, two at a time, on a
 * postgres.js pool of four connections (so some connection is always idle, as in a serve process between
 * bursts), printed per round and as the last round's ratio to the first, which is the baseline measured
 * in the same run. postgres.js 3.4 kept a slot per query in its queue of idle connections and looked
 * through all of them on every query: its CPU per query doubled over 240,000 queries on the fourteenth
 * machine (bench/RESULTS.md). plentygate installs it with a fix (patches/); with it the ratio stays near 1.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/pool/run.ts [--rounds 6] [--queries 40000]
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '6' }, queries: { type: 'string', default: '40000' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/pool measures postgres.js against PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
const ROUNDS = Number(values.rounds);
const PAIRS = Math.round(Number(values.queries) / 2);

const sql = postgres(url, { max: 4, onnotice: () => {} });
// Every connection open before the first round.
await Promise.all([1, 2, 3, 4].map(() => sql`select pg_sleep(0.05)`));
const perQuery: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < PAIRS; i++) await Promise.all([sql`select 1 as one`, sql`select 2 as two`]);
  const used = process.cpuUsage(cpu);
  const us = (used.user + used.system) / (PAIRS * 2);
  perQuery.push(us);
  process.stderr.write(`round ${round + 1}: ${((round + 1) * PAIRS * 2).toLocaleString('en')} queries so far, ${us.toFixed(1)} µs CPU per query (${(((performance.now() - started) * 1000) / (PAIRS * 2)).toFixed(1)} µs wall)\n`);
}
await sql.end();
const ratio = perQuery.at(-1)! / perQuery[0]!;
process.stdout.write(
  `pool CPU per query after ${(ROUNDS * PAIRS * 2).toLocaleString('en')} queries: ${perQuery.at(-1)!.toFixed(1)} µs against ${perQuery[0]!.toFixed(1)} µs in the first round: ×${ratio.toFixed(2)} `
  + `(${ratio <= 1.2 ? 'flat' : 'GROWS with the queries run: is patches/postgres+*.patch applied? npm ci applies it'})\n`,
);
