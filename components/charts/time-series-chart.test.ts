import { describe, expect, it } from 'vitest';
import { placeMarkers } from './time-series-chart';

describe('chart markers', () => {
  it('label the weightier of crowded markers, on the side with room, and drop those outside the window', () => {
    const placed = placeMarkers(
      [
        { t: 950, label: 'stuck-backlog resolved' },
        { t: 940, label: 'channel emptied by alice', weight: 2 },
        { t: 100, label: 'nsqd n1:4151 is down', weight: 1 },
        { t: -5, label: 'before the window' },
      ],
      0,
      1000,
    );
    expect(placed.map((m) => [m.label, m.position])).toEqual([
      ['stuck-backlog resolved', null],
      ['channel emptied by alice', 'insideTopRight'],
      ['nsqd n1:4151 is down', 'insideTopLeft'],
    ]);
  });
});
