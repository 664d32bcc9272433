import { describe, expect, it } from 'vitest';
import { type NsqdAllowPattern, nsqdRefusal, parseNsqdAllow, requestRefusal } from './allow';

const allow = (...patterns: string[]) => patterns.map((p) => parseNsqdAllow(p) as NsqdAllowPattern);

describe('--nsqd-allow', () => {
  const patterns = allow('10.0.0.0/8', 'nsqd-*.prod.example.com', '127.0.0.1', 'fd00::/8');

  it.each([
    '10.1.2.3:4151',
    'nsqd-7.prod.example.com:4151',
    'NSQD-a.Prod.Example.com:4151',
    '127.0.0.1:4151',
    '[fd00::5]:4151',
    '[::ffff:10.0.0.9]:4151',
  ])('lets %s be contacted', (address) => expect(nsqdRefusal(patterns, address)).toBeNull());

  it.each([
    ['127.0.0.2:4151', '127.0.0.2'],
    ['nsqd-7.prod.example.com.evil.example:4151', 'nsqd-7.prod.example.com.evil.example'],
    ['nsqd-7.x.prod.example.com:4151', 'nsqd-7.x.prod.example.com'],
    ['169.254.169.254:80', '169.254.169.254'],
    ['[fe80::1]:4151', 'fe80::1'],
    // a name is not resolved: it matches host name patterns only, never a range
    ['localhost:4151', 'localhost'],
  ])('refuses %s, naming the host and the flag', (address, host) => {
    expect(nsqdRefusal(patterns, address)).toBe(`not contacted: ${host} is outside --nsqd-allow`);
  });

  it('allows every address when no pattern is given, as nsqadmin does', () => {
    expect(nsqdRefusal([], '203.0.113.9:4151')).toBeNull();
  });

  it.each(['10.0.*', '10.0.0.0/33', 'nsqd_1.example.com', 'a..b', '*.example.com/8', ''])(
    'refuses the pattern %j',
    (p) => {
      expect(parseNsqdAllow(p)).toBeNull();
    },
  );
});

describe('requestRefusal', () => {
  const allow = [parseNsqdAllow('10.0.0.0/8') as NsqdAllowPattern];
  const lookupd = '127.0.0.1:4161';

  it('lets the configured nsqlookupd be asked what nsqlookupd is asked, outside --nsqd-allow', () => {
    for (const path of ['/nodes', '/topics', '/lookup', '/channels', '/topic/tombstone', '/topic/delete']) {
      expect(requestRefusal(allow, [lookupd], lookupd, path), path).toBeNull();
    }
  });

  it('refuses nsqd requests to an nsqd registered at an nsqlookupd address outside --nsqd-allow', () => {
    for (const path of ['/stats', '/topic/pause', '/channel/empty']) {
      expect(requestRefusal(allow, [lookupd], lookupd, path), path).toMatch(/outside --nsqd-allow/);
    }
    expect(requestRefusal(allow, [lookupd], '10.1.2.3:4151', '/stats')).toBeNull();
  });
});
