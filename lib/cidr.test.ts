import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './cidr';

const inside = (cidr: string, ip: string) => cidrContains(parseCidr(cidr) ?? expect.unreachable(cidr), ip);

describe('parseCidr', () => {
  it("accepts Go's forms, host bits included", () => {
    expect(parseCidr('127.0.0.1/8')).toMatchObject({ family: 4, prefix: 8, bytes: Uint8Array.from([127, 0, 0, 0]) });
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ family: 4, prefix: 0 });
    expect(parseCidr('192.168.1.7/32')).toMatchObject({ family: 4, prefix: 32 });
    expect(parseCidr('fd00::/8')).toMatchObject({ family: 6, prefix: 8 });
    expect(parseCidr('::1/128')).toMatchObject({ family: 6, prefix: 128 });
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ family: 4, prefix: 8 });
  });

  it('refuses what Go refuses', () => {
    for (const bad of [
      '',
      '127.0.0.1',
      '127.0.0.1/33',
      '::1/129',
      'localhost/8',
      '127.0.0/8',
      '1.2.3.4/-1',
      '1.2.3.4/8/8',
      'fe80::1%eth0/64',
    ]) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
});

describe('cidrContains', () => {
  it("nsqadmin's default 127.0.0.1/8 holds loopback, IPv4-mapped loopback too, and nothing else", () => {
    expect(inside('127.0.0.1/8', '127.0.0.1')).toBe(true);
    expect(inside('127.0.0.1/8', '127.255.3.4')).toBe(true);
    expect(inside('127.0.0.1/8', '::ffff:127.0.0.1')).toBe(true);
    expect(inside('127.0.0.1/8', '128.0.0.1')).toBe(false);
    expect(inside('127.0.0.1/8', '10.0.0.1')).toBe(false);
    // as in Go: ::1 is IPv6, outside an IPv4 range
    expect(inside('127.0.0.1/8', '::1')).toBe(false);
  });

  it('matches IPv6 ranges by prefix', () => {
    expect(inside('fd00::/8', 'fd12:3456::1')).toBe(true);
    expect(inside('fd00::/8', 'fe80::1')).toBe(false);
    expect(inside('fe80::/10', 'fe80::1%eth0')).toBe(true);
    expect(inside('::1/128', '::1')).toBe(true);
    expect(inside('2001:db8::/32', '2001:db8:0:0:0:0:0:1')).toBe(true);
  });

  it('prefixes that do not fall on a byte boundary', () => {
    expect(inside('172.16.0.0/12', '172.31.255.255')).toBe(true);
    expect(inside('172.16.0.0/12', '172.32.0.1')).toBe(false);
    expect(inside('0.0.0.0/0', '203.0.113.9')).toBe(true);
  });

  it('an unparsable peer is never inside', () => {
    expect(inside('0.0.0.0/0', '')).toBe(false);
    expect(inside('0.0.0.0/0', 'unknown')).toBe(false);
  });
});

describe('parseIp', () => {
  it('expands :: and dotted tails', () => {
    expect(parseIp('::')).toEqual({ family: 6, bytes: new Uint8Array(16) });
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ family: 4, bytes: Uint8Array.from([1, 2, 3, 4]) });
    expect(parseIp('64:ff9b::1.2.3.4')?.bytes.slice(12)).toEqual(Uint8Array.from([1, 2, 3, 4]));
  });
});
