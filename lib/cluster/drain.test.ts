import { describe, expect, it } from 'vitest';
import { estimateDrain } from './drain';

describe('estimateDrain', () => {
  it('divides the backlog by the net consume rate', () => {
    expect(estimateDrain(1200, 40, 20)).toEqual({ state: 'draining', seconds: 60 });
  });

  it('says not draining when messages arrive as fast as they leave, or nobody consumes', () => {
    expect(estimateDrain(500, 8, 20)).toEqual({ state: 'not-draining' });
    expect(estimateDrain(500, 0, 0)).toEqual({ state: 'not-draining' });
  });

  it('has nothing to drain at depth 0, and no estimate before rates are known', () => {
    expect(estimateDrain(0, null, null)).toEqual({ state: 'empty' });
    expect(estimateDrain(10, null, 5)).toEqual({ state: 'unknown' });
  });
});
