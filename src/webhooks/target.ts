/**
 * Where a webhook may be sent. A subscriber chooses the URL, so without a check a partner key could make
 * the hub POST to its own network (the API, Redis's host, a cloud metadata address): server-side request
 * forgery. The check runs when the connection is made, on the address the name resolved to, so a name
 * that resolves to a public address at subscription time and to a private one later (DNS rebinding) is
 * still refused. WEBHOOK_ALLOW_PRIVATE_TARGETS lets a deployment (or a test) deliver inside its network.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { CodedError } from '../errors';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, multicast, reserved and IPv4-mapped addresses, and for anything not an address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4-mapped IPv6, whatever IPv4 address it carries: no receiver needs one (and BlockList would
  // check it against the IPv4 rules only in some spellings)
  if (family === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(address)) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class PrivateTargetError extends CodedError {
  readonly code = 'WEBHOOK_PRIVATE_TARGET' as const;
}

/** A `lookup` for http.request that refuses private addresses (every address the name has). */
export function publicOnlyLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        return callback(new PrivateTargetError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, a private address: refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
