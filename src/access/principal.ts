import type { Role } from './roles.js';

/** Who makes a request: shown in the audit log (never the token itself). */
export interface Principal {
  /** The stored token's name, `env token <fingerprint>` for one of PLENTYGATE_API_TOKENS, or `cli <user>`. */
  name: string;
  role: Role;
  via: 'api' | 'app' | 'cli';
}
