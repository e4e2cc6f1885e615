/**
 * Who may do what in the admin API and the app. Three roles, each including the one before:
 * viewer reads everything (never a secret), operator also runs, pauses, resumes, tests and replays,
 * admin also changes config, schedules, profile status, credentials, links and tokens.
 */
export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

export function allows(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}

/** What a role is for, in the words the refusal and the docs use. */
export const roleDuties: Record<Role, string> = {
  viewer: 'read profiles, runs, the inbox, dead letters, links, credentials (without secrets) and the audit log',
  operator: 'also run, pause and resume profiles, test and dry-run them, send a test alert, collect pick lists and replay inbox rows and dead letters',
  admin: 'also change config, schedules, profile status, credentials, links and tokens',
};

/**
 * The role a request needs, from its method and its path below /api/v1 (or /admin). Reading needs
 * viewer; the operator's actions are listed; every other change needs admin, so a route added later
 * is admin-only until someone decides otherwise.
 */
export function requiredRole(method: string, path: string): Role {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'viewer';
  const p = path.replace(/^\/(api\/v1|admin)(?=\/)/, '').replace(/\/+$/, '');
  if (m === 'POST' && p === '/sign-out') return 'viewer';
  if (m === 'POST' && operatorActions.some((re) => re.test(p))) return 'operator';
  return 'admin';
}

const operatorActions: RegExp[] = [
  /^\/profiles\/[^/]+\/(runs|run|test|dry-run|collect)$/,
  /^\/alerts\/test$/,
  /^\/runs\/[^/]+\/(pause|resume)$/,
  /^\/jobs\/[^/]+\/(pause|resume)$/,
  /^\/inbox\/[^/]+\/replay$/,
  /^\/dead-letters(\/[^/]+)?\/replay(-range|-all)?$/,
  /^\/reports\/integrity\/fix$/,
  /^\/credentials\/[^/]+\/test$/,
];

/** The sentence of a 403: what the request needed, what the caller has. */
export function refusal(role: Role, needed: Role): string {
  return `This needs the ${needed} role; you are signed in as ${role === 'admin' ? 'an' : 'a'} ${role} (${roleDuties[role]}). Ask an admin for a token with the ${needed} role.`;
}
