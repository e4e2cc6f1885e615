/**
 * A minimal HTTP client for the sandbox, for tests, the demo and benchmarks that want to talk to it
 * the way an integration does (bearer token, JSON), without the full connector.
 */
export interface SandboxAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export class PlentySandboxClient {
  token: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(username = 'sandbox', password = 'sandbox'): Promise<SandboxAnswer<Record<string, unknown>>> {
    const res = await this.call<Record<string, unknown>>('POST', '/rest/login', { username, password }, false);
    if (res.status === 200) this.token = String(res.body.access_token);
    return res;
  }

  get<T = any>(path: string): Promise<SandboxAnswer<T>> {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown): Promise<SandboxAnswer<T>> {
    return this.call<T>('POST', path, body);
  }
  put<T = any>(path: string, body?: unknown): Promise<SandboxAnswer<T>> {
    return this.call<T>('PUT', path, body);
  }
  delete<T = any>(path: string): Promise<SandboxAnswer<T>> {
    return this.call<T>('DELETE', path);
  }

  async call<T>(method: string, path: string, body?: unknown, auth = true): Promise<SandboxAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}
