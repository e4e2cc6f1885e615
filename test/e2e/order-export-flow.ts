/**
 * The order export end to end, the same on every deployment shape: the Magento sandbox posts its
 * order webhooks to the gateway, workers run the profile against both sandboxes. The callers start
 * the gateway and workers (PostgreSQL + Redis + two worker processes, or one embedded serve process).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { CredentialStore } from '../../src/credentials/store.js';
import type { ProfileService } from '../../src/profiles/service.js';
import type { StartedSandboxes } from '../../src/sandbox/start.js';
import { waitFor } from '../queue/helpers.js';
import { sandboxOrderConfig } from '../profiles/order-export-harness.js';

export interface FlowContext {
  sandboxes: StartedSandboxes;
  gatewayUrl: string;
  service: ProfileService;
  credentials: CredentialStore;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** The gateway environment that accepts the three formats `pointWebhooks` sends. */
export function gatewayEnv(sandboxes: StartedSandboxes, secret: string): Record<string, string> {
  return {
    MAGENTO_WEBHOOK_SECRET: secret,
    MAGENTO_WEBHOOK_PUBLIC_KEY: sandboxes.magento.sandbox.webhookPublicKeyPem,
    MAGENTO_WEBHOOK_BASIC_AUTH: 'shop:hook-pass',
    PLENTYGATE_DEBOUNCE_MS: '0',
    PLENTYGATE_WEBHOOK_RATE_LIMIT: '0',
  };
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const WEBHOOK_TARGETS = ['standard', 'commerce', 'extension'] as const;

/**
 * Each placed order reaches the gateway three times, in three formats (Standard Webhooks, Adobe
 * Commerce Webhooks, extension-style JSON): three inbox rows, three jobs, with no debounce to merge them.
 * `targets` narrows that to some of the formats.
 */
export async function pointWebhooks(
  ctx: Pick<FlowContext, 'sandboxes' | 'gatewayUrl'>, secret: string, targets: readonly (typeof WEBHOOK_TARGETS)[number][] = WEBHOOK_TARGETS,
): Promise<void> {
  const url = `${ctx.gatewayUrl}/webhooks/magento`;
  const events = ['order.placed'];
  const all = [
    { id: 'standard', url, format: 'standard', secret, events },
    { id: 'commerce', url, format: 'commerce-webhooks', delivery: 'async', events },
    { id: 'extension', url, format: 'extension', basicAuth: { username: 'shop', password: 'hook-pass' }, events },
  ];
  const res = await fetch(`${ctx.sandboxes.magento.url}/_sandbox/webhooks`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(all.filter((t) => (targets as readonly string[]).includes(t.id))),
  });
  expect(res.status).toBe(200);
}

/** Credentials through the credential store, the profile through the service: configure → test → enable. */
export async function configureProfile(ctx: FlowContext): Promise<number> {
  const { sandboxes, credentials, service } = ctx;
  await credentials.set('plenty', { kind: 'plenty', baseUrl: sandboxes.plenty.url, username: 'sandbox', password: 'sandbox' });
  await credentials.set('magento', { kind: 'magento', baseUrl: sandboxes.magento.url, auth: { type: 'bearer', token: 'sandbox' } });
  const profile = await service.get('plenty_order_export');
  const configured = await service.updateConfig(profile.id, sandboxOrderConfig);
  expect(configured.missing).toEqual([]);
  await service.test(profile.id);
  expect((await service.enable(profile.id)).status).toBe('active');
  return profile.id;
}

/** An order placed in the Magento sandbox the way a shopper would; its webhooks follow. */
export async function placeOrder(ctx: Pick<FlowContext, 'sandboxes'>, order: Record<string, unknown>): Promise<{ incrementId: string; entityId: number }> {
  const res = await fetch(`${ctx.sandboxes.magento.url}/_sandbox/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order),
  });
  const body = (await res.json()) as { increment_id: string; entity_id: number };
  expect(res.status).toBe(201);
  return { incrementId: body.increment_id, entityId: body.entity_id };
}

interface RunRow { id: number; status: string; created: number; failed: number; skipped: number }

/** The runs of the profile for one order key, scheduled runs left out. */
async function runsFor(ctx: FlowContext, profileId: number, key: string): Promise<RunRow[]> {
  const rows = await ctx.query<RunRow & { params: { ids?: string[] } }>(
    `select id, status, created, failed, skipped, params from profile_runs where profile_id = $1 and trigger <> 'cron' order by id`, [profileId]);
  return rows.filter((r) => r.params.ids?.includes(key));
}

const finished = (run: RunRow) => run.status === 'completed' || run.status === 'partial';

/** Finished runs (completed or partial) of the profile for one order key. */
const finishedRuns = async (ctx: FlowContext, profileId: number, key: string): Promise<RunRow[]> =>
  (await runsFor(ctx, profileId, key)).filter(finished);

/**
 * Three deliveries of one order webhook while PlentyONE answers the first order create with "500
 * after the write": exactly one PlentyONE order, with the order's items, addresses, amounts and id.
 */
export async function exactlyOnceUnderRetries(ctx: FlowContext, profileId: number): Promise<void> {
  const { sandboxes } = ctx;
  const fault = await fetch(`${sandboxes.plenty.url}/_sandbox/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'fail-after-write', method: 'POST', path: '/rest/orders', times: 1 }),
  });
  expect(fault.status).toBeLessThan(300);
  const { incrementId, entityId } = await placeOrder(ctx, {
    items: [{ sku: 'PG-0000000', qty: 2 }, { sku: 'PG-0000005', qty: 1 }], email: 'e2e.buyer@example.com', paymentMethod: 'checkmo',
  });

  // Every delivery becomes a run that finishes (the faulted one after its retry). Waited for until every
  // run of the order has finished, so that the counts below are final whatever order the runs end in.
  const runs = await waitFor(async () => {
    const all = await runsFor(ctx, profileId, incrementId);
    return all.length >= 3 && all.every(finished) ? all : undefined;
  }, `three finished runs for order ${incrementId}, none still running`, 40_000);
  // The runs' rows in the message: CI once counted no run as having created the order here.
  expect(runs.reduce((n, r) => n + r.created, 0), JSON.stringify(runs)).toBe(1);
  expect(runs.every((r) => r.failed === 0), JSON.stringify(runs)).toBe(true);
  const deliveries = await (await fetch(`${sandboxes.magento.url}/_sandbox/webhooks/deliveries`)).json() as { deliveries: { ok: boolean; type: string }[] };
  expect(deliveries.deliveries.filter((d) => d.type === 'order.placed' && d.ok).length).toBeGreaterThanOrEqual(3);

  const stores = sandboxes.plenty.sandbox.stores;
  const orders = stores.orders.all().filter((o) => stores.orders.externalOrderId(o) === incrementId);
  expect(orders).toHaveLength(1);
  const order = orders[0]!;
  const magento = await (await fetch(`${sandboxes.magento.url}/rest/V1/orders/${entityId}`, { headers: { authorization: 'Bearer sandbox' } })).json() as {
    grand_total: number; shipping_amount: number; items: { sku: string; price_incl_tax: number }[];
    billing_address: { city: string; postcode: string; street: string[] };
  };
  expect(order).toMatchObject({ typeId: 1, plentyId: 1000, referrerId: 1 });
  expect(order.orderItems.filter((i) => i.typeId === 1).map((i) => [i.itemVariationId, i.quantity])).toEqual([[1000, 2], [1005, 1]]);
  expect(order.orderItems.filter((i) => i.typeId === 6).map((i) => i.amounts?.[0]?.priceOriginalGross)).toEqual([magento.shipping_amount]);
  const total = order.orderItems.reduce((sum, i) => sum + Number(i.quantity) * Number(i.amounts?.[0]?.priceGross ?? 0), 0);
  expect(total).toBeCloseTo(magento.grand_total, 2);
  expect(order.properties).toContainEqual(expect.objectContaining({ typeId: 7, value: incrementId }));
  for (const relation of order.addressRelations) {
    expect(stores.contacts.address(relation.addressId)).toMatchObject({
      town: magento.billing_address.city, postalCode: magento.billing_address.postcode, address1: magento.billing_address.street[0],
    });
  }
  expect(order.addressRelations.map((r) => r.typeId).sort()).toEqual([1, 2]);
}

/** An order with an unmapped payment method fails with a reason in the history; the next order is exported. */
export async function unmappedPaymentFailsOnlyThatOrder(ctx: FlowContext, profileId: number): Promise<void> {
  const bad = await placeOrder(ctx, { items: [{ sku: 'PG-0000006', qty: 1 }], email: 'e2e.cod@example.com', paymentMethod: 'cashondelivery' });
  const good = await placeOrder(ctx, { items: [{ sku: 'PG-0000006', qty: 1 }], email: 'e2e.cod@example.com', paymentMethod: 'banktransfer' });
  await waitFor(async () => (await finishedRuns(ctx, profileId, bad.incrementId)).length >= 3
    && (await finishedRuns(ctx, profileId, good.incrementId)).length >= 3, 'the runs of both orders', 40_000);

  const stores = ctx.sandboxes.plenty.sandbox.stores;
  const exported = (key: string) => stores.orders.all().filter((o) => stores.orders.externalOrderId(o) === key);
  expect(exported(bad.incrementId)).toHaveLength(0);
  expect(exported(good.incrementId)).toHaveLength(1);

  const failedRun = (await finishedRuns(ctx, profileId, bad.incrementId)).find((r) => r.status === 'partial' && r.failed === 1);
  expect(failedRun).toBeDefined();
  const history = await ctx.service.run(failedRun!.id);
  expect(history.messages).toContainEqual(expect.objectContaining({
    level: 'error', recordKey: bad.incrementId,
    message: 'Payment method "cashondelivery" has no PlentyONE method of payment: add it under paymentMap.',
  }));
}
