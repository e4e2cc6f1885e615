/**
 * A PlentyONE REST session against the sandbox, the way a merchant's other tools change data there:
 * logs in once and calls routes with the bearer token, failing with the route and PlentyONE's answer.
 */
export async function plentyRest(baseUrl: string, username = 'sandbox', password = 'sandbox') {
  const login = await fetch(`${baseUrl}/rest/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  // PlentyONE answers the login in snake_case (the refresh in camelCase).
  const token = ((await login.json()) as { access_token?: string }).access_token;
  if (!token) throw new Error(`PlentyONE login failed: ${login.status}`);
  return async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
