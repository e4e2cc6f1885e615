/** A PlentyONE sandbox served over HTTP for the connector suites, and a client factory pointed at it. */
import { serve, type ServedApp } from '../../src/sandbox/common/index.js';
import { createPlentySandbox, type PlentySandboxOptions } from '../../src/sandbox/plenty/index.js';
import type { FaultRuleInput } from '../../src/sandbox/common/index.js';
import { createMemoryTokenStore, createPlentyClient, type PlentyClientOptions } from '../../src/connectors/plenty/index.js';

export interface ServedSandbox {
  sandbox: ReturnType<typeof createPlentySandbox>;
  server: ServedApp;
  url: string;
  /** Calls the sandbox received for one method + route pattern (as the request log names it). */
  calls(method: string, route: string): number;
  fault(rule: FaultRuleInput): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function startPlentySandbox(options: PlentySandboxOptions = {}): Promise<ServedSandbox> {
  const sandbox = createPlentySandbox(options);
  const server = await serve(sandbox.app);
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status} ${await res.text()}`);
  };
  return {
    sandbox,
    server,
    url: server.url,
    calls: (method, route) => sandbox.log.get(method, route),
    fault: (rule) => control('POST', '/faults', rule),
    clearFaults: () => control('DELETE', '/faults'),
    close: () => server.close(),
  };
}

export function sandboxClient(sb: ServedSandbox, options: Partial<PlentyClientOptions> = {}) {
  return createPlentyClient({
    baseUrl: sb.url,
    username: sb.sandbox.credentials.username,
    password: sb.sandbox.credentials.password,
    tokenStore: createMemoryTokenStore(),
    timeoutMs: 5_000,
    ...options,
  });
}
