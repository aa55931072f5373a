/**
 * Where a webhook may be delivered (S23): `https` to a public address only, so that the admin
 * API cannot be used to reach the server's own network (SSRF). The URL is checked when it is
 * registered, and the address actually connected to is checked at each delivery (`lookup` below,
 * given to the request itself), so a name that later resolves to a private address is refused
 * too (DNS rebinding). `http://127.0.0.1:<port>` is allowed only with an explicit setting
 * (`CONV_WEBHOOK_ALLOW_LOOPBACK_HTTP`), for tests.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../../src/core/index.js';

/** Addresses no webhook goes to: private, loopback, link-local, shared, reserved, multicast. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True when `address` (an IP literal) is one a webhook must not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

export interface AddressRules {
  /** `http://127.0.0.1:<port>` is allowed (tests only). */
  readonly allowLoopbackHttp: boolean;
}

function refused(message: string): ValidationError {
  return new ValidationError('bad-request', message, { field: 'request' });
}

/** True for the one exception the setting allows: plain HTTP to 127.0.0.1. */
function isAllowedLoopback(url: URL, rules: AddressRules): boolean {
  return rules.allowLoopbackHttp && url.protocol === 'http:' && url.hostname === '127.0.0.1';
}

/** Checks a webhook URL as registered; returns it normalised. Throws `bad-request` otherwise. */
export function checkWebhookUrl(raw: string, rules: AddressRules): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('A webhook URL is an absolute https URL.');
  }
  if (url.username || url.password) throw refused('A webhook URL carries no user name or password.');
  if (url.hash) throw refused('A webhook URL has no fragment.');
  if (isAllowedLoopback(url, rules)) return url.toString();
  if (url.protocol !== 'https:') throw refused('A webhook URL must use https.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    if (isPrivateAddress(host)) throw refused('A webhook URL must not point to a private or local address.');
  } else if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
    throw refused('A webhook URL must name a public host.');
  }
  return url.toString();
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http(s).request`: resolves as usual, then refuses a private address, so the
 * connection is made only to the address that was checked.
 */
export function guardedLookup(url: URL, rules: AddressRules) {
  const loopbackAllowed = isAllowedLoopback(url, rules);
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const allowed = list.filter(
        ({ address }) => !isPrivateAddress(address) || (loopbackAllowed && address === '127.0.0.1'),
      );
      if (allowed.length === 0) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address.`);
        refusal.code = 'EPRIVATEADDRESS';
        return callback(refusal, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
