import { userInfo } from 'node:os';
import type { Principal } from '../access/principal.js';

/**
 * Who the audit log names for a change made by the CLI on the database itself: the operating-system
 * user (whoever can open the database can change anything, so the role is admin).
 */
export function cliPrincipal(): Principal {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): the log still says it came from the CLI
  }
  return { name: `cli ${user}`, role: 'admin', via: 'cli' };
}
