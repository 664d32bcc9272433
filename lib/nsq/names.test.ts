import { describe, expect, it } from 'vitest';
import { isValidName } from './names';

describe('isValidName', () => {
  it.each(['orders', 'a.b_c-d', 'tail#ephemeral', 'x'.repeat(64)])('accepts %s', (n) => {
    expect(isValidName(n)).toBe(true);
  });
  it.each(['', 'x'.repeat(65), 'has space', 'a/b', '#ephemeral', 'a#ephemeral#ephemeral', 'ünïcode', '<script>'])(
    'rejects %j',
    (n) => {
      expect(isValidName(n)).toBe(false);
    },
  );
});
