import { z } from 'zod';
import { isRole, type Role } from './roles.js';

export interface ConfiguredToken {
  token: string;
  role: Role;
}

/**
 * PLENTYGATE_API_TOKENS: comma-separated tokens, each optionally prefixed with its role,
 * `admin:<token>,operator:<token>,viewer:<token>`. A token without a prefix is an admin token (what the
 * setting meant before roles existed). Tokens made by `secret:generate` or `openssl rand -base64 32`
 * never contain a colon, so the prefix is unambiguous; a prefix that is not a role is refused.
 */
export const apiTokenSetting = z
  .string()
  .optional()
  .transform((v, ctx): ConfiguredToken[] => {
    const entries: ConfiguredToken[] = [];
    for (const part of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const match = /^([a-z]+):(.+)$/.exec(part);
      if (!match) {
        entries.push({ token: part, role: 'admin' });
        continue;
      }
      if (!isRole(match[1])) {
        ctx.addIssue({ code: 'custom', message: `"${match[1]}:" is not a role: prefix each token with admin:, operator: or viewer: (or nothing for admin)` });
        return z.NEVER;
      }
      entries.push({ token: match[2]!.trim(), role: match[1] });
    }
    return entries;
  });
