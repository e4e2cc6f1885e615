/**
 * The login answer. PlentyONE's guide shows snake_case (`access_token`, `expires_in`), its spec's
 * `TokenData` and the refresh route camelCase (`accessToken`, `expiresIn`); both are accepted and
 * normalised to one shape.
 */
import { z } from 'zod';
import { int } from './common.js';

const snake = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: int.optional(),
  refresh_token: z.string().optional(),
});
const camel = z.looseObject({
  accessToken: z.string().min(1),
  tokenType: z.string().optional(),
  expiresIn: int.optional(),
  refreshToken: z.string().optional(),
});

/** When the answer names no lifetime: PlentyONE's documented default of one day. */
const DEFAULT_LIFETIME_SECONDS = 86_400;

export interface LoginToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  refreshToken: string | undefined;
}

export const loginAnswerSchema = z.union([snake, camel]).transform((a): LoginToken => {
  if (typeof a.access_token === 'string') {
    const s = a as z.output<typeof snake>;
    return { accessToken: s.access_token, tokenType: s.token_type ?? 'Bearer', expiresIn: s.expires_in ?? DEFAULT_LIFETIME_SECONDS, refreshToken: s.refresh_token };
  }
  const c = a as z.output<typeof camel>;
  return { accessToken: c.accessToken, tokenType: c.tokenType ?? 'Bearer', expiresIn: c.expiresIn ?? DEFAULT_LIFETIME_SECONDS, refreshToken: c.refreshToken };
});
export type LoginAnswer = z.output<typeof loginAnswerSchema>;

/** `GET /rest/users/me`: the cheap auth probe. */
export const meSchema = z.looseObject({
  id: int.optional(),
  userId: int.optional(),
  user: z.string().nullish(),
  realName: z.string().nullish(),
  email: z.string().nullish(),
  lang: z.string().nullish(),
});
export type PlentyUser = z.output<typeof meSchema>;
