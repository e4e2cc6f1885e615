/** A JSON answer of the Magento sandbox; tests read whatever fields they need. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * One call to the Magento sandbox's REST API as its admin (bearer `sandbox`), throwing with the status
 * and body when it is refused, so a test's set-up fails where it went wrong.
 */
export async function magentoCall(baseUrl: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${baseUrl}${path}`, {
    method, headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Json;
}
