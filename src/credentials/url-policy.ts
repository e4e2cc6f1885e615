/**
 * Where a stored credential may send its password or token. plentygate logs in with them on every run,
 * so the base URL decides who sees them:
 * - `https:` anywhere;
 * - plain `http:` only to this machine (loopback: the sandboxes, a local proxy), or with the credential's
 *   explicit `allowInsecureHttp` (`credential:set --allow-insecure-http`), for a private network the
 *   operator vouches for;
 * - never a link-local or cloud metadata address (169.254.0.0/16, fe80::/10, metadata.google.internal…):
 *   a credential pointed there would hand the machine's cloud identity to whoever stored it.
 * Checked when a credential is stored and again, after resolving the host name, before it is used.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');
linkLocal.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
linkLocal.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const metadataHosts = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** An IP address as BlockList wants it: IPv4-mapped IPv6 (::ffff:a.b.c.d) as the IPv4 address it is. */
function classify(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  const version = isIP(address);
  return version === 4 ? { address, family: 'ipv4' } : version === 6 ? { address, family: 'ipv6' } : undefined;
}

function isLinkLocal(address: string): boolean {
  const ip = classify(address);
  return ip !== undefined && linkLocal.check(ip.address, ip.family);
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const ip = classify(host);
  return ip !== undefined && loopback.check(ip.address, ip.family);
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** What is wrong with sending credentials to `baseUrl`, or undefined when it is allowed. */
export function baseUrlProblem(baseUrl: string, allowInsecureHttp = false): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'expected the base URL, e.g. https://example.plentymarkets-cloud01.com';
  }
  const host = hostOf(url);
  if (metadataHosts.has(host) || isLinkLocal(host)) {
    return `${host} is a link-local or cloud metadata address; credentials are never sent there`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `expected an https: URL, got ${url.protocol}`;
  if (isLoopback(host) || allowInsecureHttp) return undefined;
  return `plain http: to ${host} would send the password or token unencrypted; use https:, ` +
    'or store it with --allow-insecure-http ("allowInsecureHttp": true) if that network is trusted';
}

/**
 * The same check after resolving the host: a harmless-looking name may resolve to a metadata address.
 * Resolution failures are left to the call itself, which reports them as what they are.
 */
export async function resolvedAddressProblem(baseUrl: string): Promise<string | undefined> {
  const host = hostOf(new URL(baseUrl));
  if (isIP(host)) return undefined; // checked literally already
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return undefined;
  }
  const bad = addresses.find((a) => isLinkLocal(a.address));
  return bad ? `${host} resolves to ${bad.address}, a link-local or cloud metadata address; credentials are never sent there` : undefined;
}
