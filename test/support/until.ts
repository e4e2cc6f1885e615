/**
 * Waits until `read` returns something truthy and returns it. The cap only keeps a broken run from
 * hanging the suite (it is no assertion on time).
 */
export async function until<T>(read: () => Promise<T | undefined | null | false>, what: string, capMs = 30_000): Promise<T> {
  const deadline = Date.now() + capMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
