// The frame of the topic and channel pages' per-nsqd tables (nsqadmin's "Topic Message Queue" and
// "Channel"): one row per node sorted by hostname, a row for each node that is down, a Total row.
// The caller names the columns and renders one row's cells, the same for a node and for the total.
import type { ReactNode } from 'react';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { DownNodeRow, NodeHost, NumericHeaders, PercentileHeaders, TotalHeader } from './cells';
import type { DownNode } from './table-helpers';

export function PerNodeTable<R extends { node: string; hostname: string; paused: boolean }, T>({
  testId,
  caption,
  headers,
  quantiles,
  nodes,
  total,
  down,
  cells,
  rowAction,
}: {
  testId: string;
  caption: ReactNode;
  /** the numeric columns between "NSQd Host" and the percentiles */
  headers: readonly string[];
  quantiles: readonly number[];
  nodes: readonly R[];
  total: T;
  down: readonly DownNode[];
  /** the cells of a row after the host: one per header, then the percentiles */
  cells: (r: R | T) => ReactNode;
  /**
   * a last "Actions" column, when the caller may see actions; a down node has it only while a
   * lookupd still lists the node (a tombstone is lookupd's)
   */
  rowAction?: (node: string, down: boolean) => ReactNode;
}) {
  const sorted = [...nodes].sort((a, b) => a.hostname.localeCompare(b.hostname) || a.node.localeCompare(b.node));
  return (
    <Table data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <Th>NSQd Host</Th>
          <NumericHeaders names={headers} />
          <PercentileHeaders quantiles={quantiles} />
          {rowAction ? <Th>Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {sorted.map((n) => (
          <Tr key={n.node} data-testid="node-row" data-node={n.node}>
            <Td>
              <NodeHost node={n.node} hostname={n.hostname} paused={n.paused} />
            </Td>
            {cells(n)}
            {rowAction ? <Td>{rowAction(n.node, false)}</Td> : null}
          </Tr>
        ))}
        {down.map((d) => (
          <DownNodeRow
            key={d.node}
            down={d}
            columns={1 + headers.length + quantiles.length + (rowAction ? 1 : 0)}
            action={rowAction ? (d.listed ? rowAction(d.node, true) : null) : undefined}
          />
        ))}
      </tbody>
      <tfoot>
        <Tr data-testid="total-row" className="bg-zinc-50 font-medium dark:bg-zinc-800/50">
          <TotalHeader />
          {cells(total)}
          {rowAction ? <Td /> : null}
        </Tr>
      </tfoot>
    </Table>
  );
}
