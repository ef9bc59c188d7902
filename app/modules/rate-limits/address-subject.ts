import { isIPv4, isIPv6 } from "node:net";

/**
 * What an address counts as for rate limits. One IPv6 subscriber is handed a
 * whole /64, so limits keyed on the full address would give an attacker
 * endless fresh ones: IPv6 counts by its /64, an IPv4-mapped IPv6 address as
 * the IPv4 address it is, anything else as given.
 */
export function addressSubject(address: string): string {
  const bare = address.split("%")[0];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(bare)) return address;
  const [head, tail] = bare.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${all.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}
