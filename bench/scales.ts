// The cluster sizes every scale benchmark runs at (nodes × topics × channels), as issue 6 names them.
export interface Scale {
  nodes: number;
  topics: number;
  channels: number;
}

export const ALL_SCALES: readonly Scale[] = [
  { nodes: 3, topics: 20, channels: 3 },
  { nodes: 20, topics: 500, channels: 4 },
  { nodes: 50, topics: 1000, channels: 4 },
  { nodes: 100, topics: 2000, channels: 5 },
];

/** "3x20x3,20x500x4" → scales; a clear error for anything else. */
export function parseScales(text: string): Scale[] {
  return text.split(',').map((part) => {
    const m = /^(\d+)x(\d+)x(\d+)$/.exec(part.trim());
    if (!m) throw new Error(`--scales: "${part}" is not NODESxTOPICSxCHANNELS (e.g. 50x1000x4)`);
    const [nodes, topics, channels] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (nodes < 1 || topics < 1) throw new Error(`--scales: "${part}" needs at least one node and one topic`);
    return { nodes, topics, channels };
  });
}

export const scaleName = (s: Scale) => `${s.nodes}×${s.topics}×${s.channels}`;
