// How a node's observation crosses from the poll worker to the thread that answers requests. A
// message between threads is a copy (structured clone): the table's typed arrays are copied as bytes,
// which is cheap, but every name and percentile object is made again on the other side. On a large
// cluster those lists (1.2 million names per sweep at 100 nodes × 2,000 topics × 5 channels) are
// nearly always the same as the node's previous ones, so a list equal to the one last sent for the
// node is sent as a reference to that one instead, and the receiving side keeps each node's last
// lists. BENCHMARKS.md measures the hand-over.
import { intern } from './intern';
import type { NodeTable } from './node-table';
import type { NodeObservation } from './snapshot';

/** An observation as posted: lists equal to the last ones sent for the node are left out and named in `reused`. */
export interface PostedObservation {
  observation: NodeObservation;
  /** the list fields ("registrations", "table.topicNames", …) the receiver fills from its own copy */
  reused: string[];
}

/** Per node address and list field: the list last sent (by the sender) or received (by the receiver). */
export type ListMemory = Map<string, readonly unknown[]>;

const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[]) =>
  a !== undefined && (a === b || (a.length === b.length && a.every((x, i) => x === b[i])));

/** The observation's list fields: its own and its table's, by the names PostedObservation uses. */
function lists(o: NodeObservation): [string, readonly unknown[]][] {
  const out: [string, readonly unknown[]][] = [
    ['registrations', o.registrations],
    ['known_topics', o.known_topics],
  ];
  if (o.result.ok) {
    for (const [k, v] of Object.entries(o.result.observed.table)) if (Array.isArray(v)) out.push([`table.${k}`, v]);
  }
  return out;
}

function setList(o: NodeObservation, field: string, value: readonly unknown[]): NodeObservation {
  if (field.startsWith('table.')) {
    if (!o.result.ok) return o;
    const table = { ...o.result.observed.table, [field.slice(6)]: value } as NodeTable;
    return { ...o, result: { ...o.result, observed: { ...o.result.observed, table } } };
  }
  return { ...o, [field]: value };
}

/** The observation to post, with the lists the receiver already has left out. `sent` is updated. */
export function postObservation(o: NodeObservation, sent: ListMemory): PostedObservation {
  const reused: string[] = [];
  let out = o;
  for (const [field, list] of lists(o)) {
    const key = `${o.address}\n${field}`;
    if (sameList(sent.get(key), list)) {
      reused.push(field);
      out = setList(out, field, []);
    } else sent.set(key, list);
  }
  return { observation: out, reused };
}

/** The observation as it was before posting; `received` is updated. Names are interned, as the reader's are. */
export function receiveObservation({ observation, reused }: PostedObservation, received: ListMemory): NodeObservation {
  let out = observation;
  const skip = new Set(reused);
  for (const [field, list] of lists(observation)) {
    const key = `${observation.address}\n${field}`;
    if (skip.has(field)) {
      const kept = received.get(key);
      if (!kept) throw new Error(`hand-over: no ${field} of ${observation.address} was received before`);
      out = setList(out, field, kept);
    } else {
      const own = list.map((x) => (typeof x === 'string' ? intern(x) : x));
      received.set(key, own);
      out = setList(out, field, own);
    }
  }
  return out;
}

/** Drops what is remembered for nodes not in `addresses`. */
export function forgetNodes(memory: ListMemory, addresses: ReadonlySet<string>): void {
  for (const key of memory.keys()) if (!addresses.has(key.slice(0, key.indexOf('\n')))) memory.delete(key);
}
