import { describe, expect, it } from 'vitest';
import type { LookupdSummary } from '@/lib/cluster/types';
import { lookupdDisagreement, versionSkew } from './health';

const lookupd = (address: string, node_count: number, topic_count: number, status: 'up' | 'down' = 'up'): LookupdSummary => ({
  address,
  version: '1.3.0',
  status,
  latency_ms: 1,
  error: null,
  node_count,
  topic_count,
});

describe('versionSkew', () => {
  it('counts versions and names the newest', () => {
    const s = versionSkew([
      { version: '1.3.0', out_of_date: false },
      { version: '1.2.1', out_of_date: true },
      { version: '1.3.0', out_of_date: false },
    ]);
    expect(s).toEqual({ versions: [{ version: '1.3.0', count: 2 }, { version: '1.2.1', count: 1 }], newest: '1.3.0', skewed: true });
    expect(versionSkew([{ version: '1.3.0', out_of_date: false }]).skewed).toBe(false);
  });
});

describe('lookupdDisagreement', () => {
  it('is null when the lookupds that answered agree', () => {
    expect(lookupdDisagreement([lookupd('a:4161', 3, 10), lookupd('b:4161', 3, 10), lookupd('c:4161', 0, 0, 'down')])).toBeNull();
  });

  it('names each lookupd’s view when they differ', () => {
    expect(lookupdDisagreement([lookupd('a:4161', 3, 10), lookupd('b:4161', 2, 10)])).toBe(
      'Lookupds disagree: a:4161 knows 3 nodes and 10 topics; b:4161 knows 2 nodes and 10 topics.',
    );
  });
});
