// The tail's filter: a message is shown when its body, id or node holds the text, ignoring case.
import type { TailMessage } from '@/lib/messages/tail';

export function matchesFilter(m: Pick<TailMessage, 'body' | 'id' | 'node'>, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return f === '' || m.body.toLowerCase().includes(f) || m.id.toLowerCase().includes(f) || m.node.includes(f);
}
