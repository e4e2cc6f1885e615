import { z } from 'zod';

const baseUrl = z.url({ message: 'expected the base URL, e.g. https://example.plentymarkets-cloud01.com' })
  .transform((u) => u.replace(/\/+$/, ''));

/** Plain http: to a host other than this machine, which the operator vouches for (see url-policy.ts). */
const allowInsecureHttp = z.boolean().optional();

/** A PlentyONE system: REST user login (or an app client's credentials). */
export const plentyCredential = z.object({
  kind: z.literal('plenty'),
  baseUrl,
  allowInsecureHttp,
  username: z.string().min(1, 'expected the REST user name'),
  password: z.string().min(1, 'expected the REST user password'),
});

/** A Magento store: integration access token as bearer, or OAuth 1.0a signing. */
export const magentoCredential = z.object({
  kind: z.literal('magento'),
  baseUrl,
  allowInsecureHttp,
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('bearer'), token: z.string().min(1, 'expected the integration access token') }),
    z.object({
      type: z.literal('oauth1'),
      consumerKey: z.string().min(1), consumerSecret: z.string().min(1),
      accessToken: z.string().min(1), accessTokenSecret: z.string().min(1),
    }),
  ]),
});

export const credentialSchema = z.discriminatedUnion('kind', [plentyCredential, magentoCredential]);
export type Credential = z.infer<typeof credentialSchema>;
export type PlentyCredential = z.infer<typeof plentyCredential>;
export type MagentoCredential = z.infer<typeof magentoCredential>;

/** What may be shown of a credential: never a password, token or secret. */
export function describeCredential(c: Credential): { kind: string; baseUrl: string; identity: string } {
  if (c.kind === 'plenty') return { kind: c.kind, baseUrl: c.baseUrl, identity: `user ${c.username}` };
  return { kind: c.kind, baseUrl: c.baseUrl, identity: c.auth.type === 'bearer' ? 'integration token' : `OAuth 1.0a consumer ${c.auth.consumerKey.slice(0, 4)}…` };
}
