/** Lets the fault middleware tell the request log which fault it injected into a request. */
const tags = new WeakMap<Request, string>();

export function tagFault(request: Request, kind: string): void {
  tags.set(request, kind);
}

export function faultOf(request: Request): string | null {
  return tags.get(request) ?? null;
}
