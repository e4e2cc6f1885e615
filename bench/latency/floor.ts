/**
 * The CPU floor of the latency benchmark: the round trips plentygate makes for an order event, made with
 * no plentygate logic at all, in the same process, on the same machine, against the same sandboxes and
 * load, just after plentygate's measured load. What plentygate spends per order beyond it is what its own
 * code costs; the floor itself is what the machine charges for the I/O, so a target in absolute
 * milliseconds can be read against what the machine leaves for plentygate's code. Both figures move from
 * run to run on a shared machine (1.76–2.47 ms and 3.63–4.15 ms in five runs on one machine).
 *
 * Per webhook, as plentygate on PostgreSQL makes them (`bench/latency` prints its own per order):
 *  - the webhook read and answered (node:http, no signature check) after its row is inserted;
 *  - a run row inserted, the order read from Magento (the same search by increment id), a link row
 *    inserted (the claim), the order created in PlentyONE (its lines, shipping, properties), and the run
 *    row and the link updated in one statement: four statements, prepared, on a pool of postgres.js;
 *  - HTTP through the clients' own exchange (src/connectors/http.ts: undici, keep-alive).
 * Not made: the Redis budget round trip (0.2 per order) and the batched inbox mark (a statement per tens
 * of orders), so plentygate's figure also pays for those.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange } from '../../src/connectors/http.js';
import { searchCriteria, type MagentoOrder, type SearchResult } from '../../src/connectors/magento/index.js';
import type { PhaseResult } from './load.js';

export interface FloorOptions {
  /** postgres:// URL of a database the floor may create a schema in (dropped at the end). */
  databaseUrl: string;
  magento: string;
  plenty: string;
  /** Posts webhooks at a rate through the benchmark's load process, to `url`. */
  post(url: string, ids: string[], rate: number): Promise<PhaseResult>;
  warmup: string[];
  measured: string[];
  rate: number;
}

export interface FloorResult {
  /** CPU milliseconds of this process per order. */
  cpuMs: number;
  orders: number;
}

const body = (req: IncomingMessage): Promise<string> => new Promise((resolve, reject) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  req.on('error', reject);
});

export async function measureFloor(options: FloorOptions): Promise<FloorResult> {
  const { default: postgres } = await import('postgres');
  const schema = `floor_${process.pid}`;
  const sql = postgres(options.databaseUrl, { max: 10, onnotice: () => {} });
  const server = createServer();
  try {
    await sql.unsafe(`create schema ${schema};
      create table ${schema}.inbox (id bigserial primary key, body jsonb not null, received_at timestamptz not null default now());
      create table ${schema}.runs (id bigserial primary key, request text unique not null, status text not null default 'running', counts jsonb);
      create table ${schema}.links (key text primary key, run bigint not null, plenty_id text)`);
    const login = await exchange({ url: `${options.plenty}/rest/login`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sandbox', password: 'sandbox' }), timeoutMs: 10_000 });
    const token = (JSON.parse(login.text) as { access_token: string }).access_token;
    let done = 0;
    let failed: unknown;

    const run = async (inboxId: string, incrementId: string) => {
      const [opened] = await sql.unsafe<{ id: string }[]>(`insert into ${schema}.runs (request) values ($1) returning id`, [inboxId], { prepare: true });
      const query = searchCriteria().where('increment_id', incrementId).sortBy('entity_id', 'ASC').pageSize(1).toQueryString();
      const read = await exchange({ url: `${options.magento}/rest/V1/orders?${query}`, method: 'GET', headers: { authorization: 'Bearer sandbox', accept: 'application/json' }, timeoutMs: 10_000 });
      // JSON.parse alone: the floor has none of plentygate's checks of the answer.
      const order = (JSON.parse(read.text) as SearchResult<MagentoOrder>).items[0]!;
      await sql.unsafe(`insert into ${schema}.links (key, run) values ($1, $2) on conflict do nothing returning key`, [order.increment_id, opened!.id], { prepare: true });
      const amount = (gross: number) => [{ currency: order.order_currency_code, exchangeRate: 1, isSystemCurrency: true, priceOriginalGross: gross, priceGross: gross }];
      const create = await exchange({
        url: `${options.plenty}/rest/orders`, method: 'POST', timeoutMs: 10_000,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          typeId: 1, plentyId: 1000, referrerId: 1,
          orderItems: [
            ...order.items.map((item) => ({ typeId: 1, itemVariationId: 1000, quantity: item.qty_ordered, orderItemName: item.name, referrerId: 1, vatRate: item.tax_percent, amounts: amount(item.price_incl_tax ?? 0) })),
            { typeId: 6, quantity: 1, orderItemName: order.shipping_description ?? 'Shipping', referrerId: 1, amounts: amount(order.shipping_incl_tax ?? 0) },
          ],
          properties: [{ typeId: 3, value: '4' }, { typeId: 2, value: '6' }, { typeId: 6, value: 'de' }, { typeId: 7, value: `floor-${order.increment_id}` }],
          dates: [{ typeId: 2, date: order.created_at }],
        }),
      });
      const created = JSON.parse(create.text) as { id: number };
      await sql.unsafe(`with l as (update ${schema}.links set plenty_id = $1 where key = $2) update ${schema}.runs set status = 'completed', counts = $3::jsonb where id = $4`,
        [String(created.id), order.increment_id, JSON.stringify({ processed: 1, created: 1 }), opened!.id], { prepare: true });
    };

    server.on('request', (req, res) => {
      void body(req).then(async (text) => {
        const event = JSON.parse(text) as { data: { increment_id: string } };
        const [row] = await sql.unsafe<{ id: string }[]>(`insert into ${schema}.inbox (body) values ($1::jsonb) returning id`, [text], { prepare: true });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
        await run(row!.id, event.data.increment_id);
      }).catch((error: unknown) => {
        failed ??= error;
        if (!res.headersSent) res.writeHead(500).end();
      }).finally(() => done++);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/magento`;
    const drained = async (count: number) => {
      while (done < count) await new Promise((resolve) => setTimeout(resolve, 20));
      if (failed) throw new Error(`the CPU floor's event path failed: ${(failed as Error).message ?? String(failed)}`);
    };

    await options.post(url, options.warmup, options.rate);
    await drained(options.warmup.length);
    const before = process.cpuUsage();
    await options.post(url, options.measured, options.rate);
    await drained(options.warmup.length + options.measured.length);
    const used = process.cpuUsage(before);
    return { cpuMs: (used.user + used.system) / 1000 / options.measured.length, orders: options.measured.length };
  } finally {
    server.close();
    await sql.unsafe(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await sql.end({ timeout: 5 });
  }
}
