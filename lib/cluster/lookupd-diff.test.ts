import { describe, expect, it } from 'vitest';
import { lookupdDifferences } from './lookupd-diff';

const l = (address: string, node_count: number, topic_count: number, status: 'up' | 'down' = 'up') => ({
  address,
  status,
  node_count,
  topic_count,
});

describe('lookupdDifferences', () => {
  it('agrees when every lookupd lists the same nodes and counts', () => {
    const d = lookupdDifferences(
      [l('l1', 2, 5), l('l2', 2, 5)],
      [
        { node: 'a:1', lookupds: ['l1', 'l2'] },
        { node: 'b:1', lookupds: ['l2', 'l1'] },
      ],
    );
    expect(d).toEqual({
      compared: ['l1', 'l2'],
      unreachable: [],
      missingNodes: [],
      nodeCounts: null,
      topicCounts: null,
      agree: true,
    });
  });

  it('names the nodes a lookupd lacks and the counts that differ', () => {
    const d = lookupdDifferences(
      [l('l1', 2, 5), l('l2', 1, 3)],
      [
        { node: 'a:1', lookupds: ['l1', 'l2'] },
        { node: 'b:1', lookupds: ['l1'] },
      ],
    );
    expect(d.agree).toBe(false);
    expect(d.missingNodes).toEqual([{ node: 'b:1', missingFrom: ['l2'] }]);
    expect(d.nodeCounts).toEqual([
      { address: 'l1', count: 2 },
      { address: 'l2', count: 1 },
    ]);
    expect(d.topicCounts).toEqual([
      { address: 'l1', count: 5 },
      { address: 'l2', count: 3 },
    ]);
  });

  it('compares only the lookupds that answered', () => {
    const d = lookupdDifferences([l('l1', 2, 5), l('l2', 0, 0, 'down')], [{ node: 'a:1', lookupds: ['l1'] }]);
    expect(d).toMatchObject({ compared: ['l1'], unreachable: ['l2'], missingNodes: [], agree: true });
  });

  it('does not blame lookupds for a node none of them lists', () => {
    const d = lookupdDifferences(
      [l('l1', 1, 1), l('l2', 1, 1)],
      [
        { node: 'a:1', lookupds: ['l1', 'l2'] },
        { node: 'gone:1', lookupds: [] },
      ],
    );
    expect(d.missingNodes).toEqual([]);
  });

  it('has nothing to compare with one lookupd, or none', () => {
    expect(lookupdDifferences([l('l1', 3, 4)], [{ node: 'a:1', lookupds: ['l1'] }]).agree).toBe(true);
    expect(lookupdDifferences([], []).agree).toBe(true);
  });
});
