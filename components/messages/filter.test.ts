import { describe, expect, it } from 'vitest';
import { matchesFilter } from './filter';

const m = { body: '{"order":"A-17","status":"Paid"}', id: '0a1b2c3d4e5f6a7b', node: '10.0.0.5:4151' };

describe('the tail filter', () => {
  it('finds text in the body whatever its case, the id or the node; empty shows all', () => {
    expect(matchesFilter(m, 'paid')).toBe(true);
    expect(matchesFilter(m, '4e5f')).toBe(true);
    expect(matchesFilter(m, '10.0.0.5')).toBe(true);
    expect(matchesFilter(m, '  ')).toBe(true);
    expect(matchesFilter(m, 'refunded')).toBe(false);
  });
});
