'use client';

import Link from 'next/link';
import { nodeHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { ClusterResponse } from '@/lib/queries/hooks';
import { formatAge } from '@/lib/format';
import { versionSkew, lookupdDisagreement } from './health';

/** Nodes up and down (each down node named with its error), versions, and whether lookupds agree. */
export function ClusterHealth({ data }: { data: ClusterResponse }) {
  const down = data.nodes.filter((n) => n.status === 'down');
  const skew = versionSkew(data.nodes);
  const disagreement = lookupdDisagreement(data.lookupds);
  const lookupdsDown = data.lookupds.filter((l) => l.status === 'down');
  return (
    <Card title="Cluster health" testId="cluster-health">
      <div className="grid gap-4 md:grid-cols-3">
        <div>
          <h3 className="text-sm font-medium">nsqd</h3>
          <p data-testid="nodes-summary" className="text-sm">
            {data.totals.nodes_up} up{down.length > 0 ? <Badge tone="danger">{down.length} down</Badge> : null}
          </p>
          {down.length > 0 ? (
            <ul className="mt-2 space-y-1 text-sm">
              {down.map((n) => (
                <li key={n.node} data-testid="node-down" data-node={n.node} className="text-red-700 dark:text-red-300">
                  <Link href={nodeHref(n.node)} className="font-medium underline">
                    {n.node}
                  </Link>{' '}
                  down{n.last_ok_at ? ` (last seen ${formatAge(data.taken_at - n.last_ok_at)} ago)` : ''}: {n.error?.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <h3 className="text-sm font-medium">Versions</h3>
          <ul data-testid="versions" className="text-sm">
            {skew.versions.map((v) => (
              <li key={v.version}>
                {v.version || 'unknown'}: {v.count} node{v.count === 1 ? '' : 's'}
                {skew.skewed && v.version !== skew.newest ? <Badge tone="warn">out of date</Badge> : null}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="text-sm font-medium">nsqlookupd</h3>
          {data.mode === 'nsqd' ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Not used: nsqd addresses are configured.</p>
          ) : (
            <>
              <p data-testid="lookupds-summary" className="text-sm">
                {data.lookupds.length - lookupdsDown.length} of {data.lookupds.length} up
                {lookupdsDown.length > 0 ? <Badge tone="danger">{lookupdsDown.map((l) => l.address).join(', ')} down</Badge> : null}
              </p>
              <p className="text-sm">{disagreement ?? 'All lookupds agree on nodes and topics.'}</p>
            </>
          )}
        </div>
      </div>
    </Card>
  );
}
