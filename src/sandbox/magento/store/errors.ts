/**
 * Errors raised by the store, worded like Magento's exceptions so the REST layer can answer
 * `{message, parameters}` exactly as Magento does and GraphQL can reuse the message.
 * `%name` placeholders in `message` are filled from `parameters` by the client, as in Magento.
 */
export class MagentoStoreError extends Error {
  constructor(
    readonly template: string,
    readonly parameters: Record<string, string | number> | string[] = [],
    /** HTTP status Magento uses for this exception class. */
    readonly status: 400 | 404 | 500 = 400,
  ) {
    super(renderTemplate(template, parameters));
    this.name = 'MagentoStoreError';
  }
}

/** `NoSuchEntityException`: 404. */
export function noSuchEntity(
  template: string,
  parameters: Record<string, string | number> | string[] = [],
): MagentoStoreError {
  return new MagentoStoreError(template, parameters, 404);
}

/** A synchronous webhook refused the change (Adobe Commerce aborts the shop action). */
export class WebhookAbortError extends MagentoStoreError {
  constructor(reason: string) {
    super(reason, [], 400);
    this.name = 'WebhookAbortError';
  }
}

function renderTemplate(template: string, parameters: Record<string, string | number> | string[]): string {
  if (Array.isArray(parameters)) {
    return template.replace(/%(\d+)/g, (m, n: string) => parameters[Number(n) - 1] ?? m);
  }
  return template.replace(/%([a-zA-Z_]+)/g, (m, name: string) => String(parameters[name] ?? m));
}

export const PRODUCT_NOT_FOUND =
  "The product that was requested doesn't exist. Verify the product and try again.";
