import { describe, expect, it } from 'vitest';
import { compareVersionsDesc, lookupdConns, parseVersion, uptimeSeconds, versionSkew } from './node-helpers';

describe('versions', () => {
  it('parses the numbers out of nsqd version strings', () => {
    expect(parseVersion('1.3.0')).toEqual([1, 3, 0]);
    expect(parseVersion('v1.2.1-alpha')).toEqual([1, 2, 1]);
    expect(parseVersion('1.3.0 (built w/go1.21.5)')).toEqual([1, 3, 0]);
    expect(parseVersion('unknown')).toBeNull();
  });

  it('sorts newest first, numerically', () => {
    expect(['1.2.1', '1.10.0', '1.3.0', 'x'].sort(compareVersionsDesc)).toEqual(['1.10.0', '1.3.0', '1.2.1', 'x']);
  });

  it('reports skew only when versions differ', () => {
    expect(
      versionSkew([
        { node: 'a:1', version: '1.3.0' },
        { node: 'b:1', version: '1.3.0' },
      ]),
    ).toBeNull();
    expect(
      versionSkew([
        { node: 'a:1', version: '1.3.0' },
        { node: 'b:1', version: '' },
      ]),
    ).toBeNull();
    expect(
      versionSkew([
        { node: 'a:1', version: '1.2.1' },
        { node: 'b:1', version: '1.3.0' },
        { node: 'c:1', version: '1.2.1' },
      ]),
    ).toEqual([
      { version: '1.3.0', nodes: ['b:1'] },
      { version: '1.2.1', nodes: ['a:1', 'c:1'] },
    ]);
  });
});

describe('lookupdConns', () => {
  const configured = [{ address: 'l1:4161' }, { address: 'l2:4161' }];
  it('is complete when every configured lookupd lists the node', () => {
    expect(lookupdConns({ lookupds: ['l1:4161', 'l2:4161'] }, configured)).toEqual({
      known: 2,
      configured: 2,
      missing: [],
      complete: true,
    });
  });
  it('names the lookupds that do not know the node', () => {
    expect(lookupdConns({ lookupds: ['l2:4161'] }, configured)).toEqual({
      known: 1,
      configured: 2,
      missing: ['l1:4161'],
      complete: false,
    });
    expect(lookupdConns({ lookupds: [] }, configured).missing).toEqual(['l1:4161', 'l2:4161']);
  });
});

describe('uptimeSeconds', () => {
  it('counts from nsqd start_time in seconds', () => {
    expect(uptimeSeconds(1_700_000_000, 1_700_000_090_000)).toBe(90);
    expect(uptimeSeconds(null, 1)).toBeNull();
    expect(uptimeSeconds(0, 1)).toBeNull();
    expect(uptimeSeconds(2_000, 1_000_000)).toBe(0);
  });
});
