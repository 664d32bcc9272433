// CIDR ranges for --allow-config-from-cidr, with Go's rules: an address with host bits set is
// accepted ("127.0.0.1/8"), and an IPv4 address written as IPv6 (::ffff:127.0.0.1, as Node reports
// IPv4 peers on a dual-stack socket) counts as IPv4.
import { isIP } from 'node:net';

export interface Cidr {
  family: 4 | 6;
  /** the network address with the host bits cleared */
  bytes: Uint8Array;
  prefix: number;
}

function v4Bytes(s: string): Uint8Array | null {
  if (isIP(s) !== 4) return null;
  return Uint8Array.from(s.split('.').map(Number));
}

function v6Bytes(s: string): Uint8Array | null {
  if (isIP(s) !== 6) return null;
  let text = s;
  // a dotted IPv4 tail becomes the last two groups
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = v4Bytes(dotted[1] as string);
    if (!b) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, -(dotted[1] as string).length)}${hex(b[0] as number, b[1] as number)}:${hex(b[2] as number, b[3] as number)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (all.length !== 8) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** An IP address as bytes; an IPv4-mapped IPv6 address becomes IPv4, an IPv6 zone is dropped. */
export function parseIp(s: string): { family: 4 | 6; bytes: Uint8Array } | null {
  const v4 = v4Bytes(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = v6Bytes(s.replace(/%.*$/, ''));
  if (!v6) return null;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 };
}

function mask(bytes: Uint8Array, prefix: number): Uint8Array {
  return bytes.map((b, i) => {
    const bits = Math.min(8, Math.max(0, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Go's net.ParseCIDR: `<ip>/<prefix length>`, or null when it is not one. */
export function parseCidr(s: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return null;
  const text = m[1] as string;
  const prefix = Number(m[2]);
  const written = isIP(text);
  if (written === 0 || text.includes('%')) return null;
  if (prefix > (written === 4 ? 32 : 128)) return null;
  const ip = parseIp(text);
  if (!ip) return null;
  // ::ffff:10.0.0.0/104 is the IPv4 range 10.0.0.0/8
  if (written === 6 && ip.family === 4) {
    if (prefix < 96) return { family: 6, bytes: mask(v6Bytes(text) as Uint8Array, prefix), prefix };
    return { family: 4, bytes: mask(ip.bytes, prefix - 96), prefix: prefix - 96 };
  }
  return { family: ip.family, bytes: mask(ip.bytes, prefix), prefix };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const ip = parseIp(address);
  if (!ip || ip.family !== cidr.family) return false;
  const masked = mask(ip.bytes, cidr.prefix);
  return masked.every((b, i) => b === cidr.bytes[i]);
}
