// Topic and channel names as one string each, whichever node, lookupd or poll they come from. Every
// nsqd of a cluster lists the same names, and nsqlookupd lists them again per node: a 50-node cluster
// of 1,000 topics × 4 channels held some 300,000 strings for 5,000 names, which every full collection
// marked. Names that come and go (ephemeral channels) would fill the table for good, so past
// INTERNED_NAMES it starts over; a name then simply gets a new string the next time it is new.
const interned = new Map<string, string>();
const INTERNED_NAMES = 100_000;

export function intern(name: string): string {
  const known = interned.get(name);
  if (known !== undefined) return known;
  if (interned.size >= INTERNED_NAMES) interned.clear();
  interned.set(name, name);
  return name;
}
