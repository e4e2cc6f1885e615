/**
 * Callbacks out of the sandbox when stock, orders, items, variations, categories or contacts change
 * (through the API or a control helper). PlentyONE does not document its webhook payload, only that
 * the sign key is part of it, so the sandbox sends this plausible shape, one POST per change:
 *
 *   POST <url>   Content-Type: application/json
 *   { "signKey": "<key>", "event": "stock.updated", "entity": "stock", "action": "updated",
 *     "ids": [1042], "variationIds": [1042], "warehouseIds": [1], "itemIds": [],
 *     "plentyId": 1000, "occurredAt": "2024-05-01T10:00:00+00:00" }
 *
 * `ids` are the ids of the changed entity (variation ids for stock). A receiver should treat it as a
 * hint and fetch the current state. Deliveries are fire-and-forget; `flush()` awaits those in flight.
 */
import type { ChangeEvent } from './changes.js';
import { w3c } from './dates.js';

export interface WebhookOptions {
  url: string;
  signKey: string;
}

export interface WebhookDelivery {
  event: string;
  status: number | 'error';
  body: Record<string, unknown>;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: WebhookOptions | undefined,
    private readonly plentyId: number,
    private readonly now: () => number,
  ) {}

  send(e: ChangeEvent): void {
    if (!this.options) return;
    const event = `${e.entity}.${e.action}`;
    const body: Record<string, unknown> = {
      signKey: this.options.signKey,
      event,
      entity: e.entity,
      action: e.action,
      ids: e.ids,
      variationIds: e.variationIds ?? (e.entity === 'variation' ? e.ids : []),
      itemIds: e.itemIds ?? (e.entity === 'item' ? e.ids : []),
      warehouseIds: e.warehouseIds ?? [],
      plentyId: this.plentyId,
      occurredAt: w3c(this.now()),
    };
    const p = fetch(this.options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        this.deliveries.push({ event, status: res.status, body });
      })
      .catch(() => {
        this.deliveries.push({ event, status: 'error', body });
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
