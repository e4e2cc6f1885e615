/**
 * The load side of the latency benchmark, in a process of its own so the CPU plentygate's process
 * spends is plentygate's alone. Reads one JSON line per phase on stdin, `{url, secret, rate, ids}`,
 * posts a signed Standard Webhook `order.placed` per id at the fixed rate (each on its own schedule:
 * late ticks catch up, none is skipped), and answers one JSON line: when each was sent, how long each
 * took to be answered, and what was refused.
 *
 * Over at most `BENCH_LOAD_CONNECTIONS` (64) keep-alive connections, as a real sender holds a bounded
 * pool. Node's global fetch opens a new connection whenever none is free; at hundreds per second
 * that made webhooks wait up to a minute (some failed) while every process sat idle, most likely
 * connection attempts dropped at a full listen backlog and retried after 1, 3, 7 … s. That, not the
 * gateway, was the "stall" of `--workers 2` and `4`.
 */
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { signStandardWebhook } from '../../src/gateway/verify/standard-webhooks.js';

interface Phase { url: string; secret: string; rate: number; ids: string[] }
export interface PhaseResult { sentAt: Record<string, number>; ackMs: number[]; refused: string[]; sendSeconds: number }

const agent = new Agent({ keepAlive: true, maxSockets: Number(process.env.BENCH_LOAD_CONNECTIONS ?? 64) });
const post = (url: string, body: string, headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
  const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode ?? 0));
  });
  req.on('error', reject);
  req.end(body);
});

async function run(phase: Phase): Promise<PhaseResult> {
  const result: PhaseResult = { sentAt: {}, ackMs: [], refused: [], sendSeconds: 0 };
  const send = async (incrementId: string) => {
    const now = Date.now();
    result.sentAt[incrementId] = now;
    const body = JSON.stringify({ type: 'order.placed', timestamp: new Date(now).toISOString(), data: { increment_id: incrementId } });
    try {
      const status = await post(phase.url, body, { 'content-type': 'application/json', ...signStandardWebhook(body, phase.secret) });
      if (status >= 200 && status < 300) result.ackMs.push(Date.now() - now);
      else result.refused.push(`${incrementId}: ${status}`);
    } catch (error) {
      result.refused.push(`${incrementId}: ${(error as Error).message}`);
    }
  };
  const start = Date.now();
  const inflight: Promise<void>[] = [];
  for (const [i, id] of phase.ids.entries()) {
    const wait = start + (i * 1000) / phase.rate - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(id));
  }
  result.sendSeconds = (Date.now() - start) / 1000;
  await Promise.all(inflight);
  return result;
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  process.stdout.write(`${JSON.stringify(await run(JSON.parse(line) as Phase))}\n`);
}
