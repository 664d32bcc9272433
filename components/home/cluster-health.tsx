'use client';

import Link from 'next/link';
import { nodeHref } from '@/components/links';
import { versionSkew } from '@/components/nodes/node-helpers';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { ClusterResponse } from '@/lib/api/read-api';
import { lookupdDifferences } from '@/lib/cluster/lookupd-diff';
import { formatAge } from '@/lib/format';

/** Nodes up and down (each down node named with its error), versions, and whether lookupds agree. */
export function ClusterHealth({ data }: { data: ClusterResponse }) {
  const down = data.nodes.filter((n) => n.status === 'down');
  // one group per version, newest first; a cluster on one version is a single group
  const versions = versionSkew(data.nodes) ?? [
    { version: data.nodes.find((n) => n.version)?.version ?? '', nodes: data.nodes.map((n) => n.node) },
  ];
  const skewed = versions.length > 1;
  const diff = lookupdDifferences(data.lookupds, data.nodes);
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
                  down{n.last_ok_at ? ` (last seen ${formatAge(data.taken_at - n.last_ok_at)} ago)` : ''}:{' '}
                  {n.error?.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <h3 className="text-sm font-medium">Versions</h3>
          <ul data-testid="versions" className="text-sm">
            {versions.map((v, i) => (
              <li key={v.version}>
                {v.version || 'unknown'}: {v.nodes.length} node{v.nodes.length === 1 ? '' : 's'}
                {skewed && i > 0 ? <Badge tone="warn">out of date</Badge> : null}
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
                {lookupdsDown.length > 0 ? (
                  <Badge tone="danger">{lookupdsDown.map((l) => l.address).join(', ')} down</Badge>
                ) : null}
              </p>
              <p data-testid="lookupds-agreement" className="text-sm">
                {diff.agree ? (
                  'All lookupds that answered agree on nodes and topics.'
                ) : (
                  <Link href="/lookup" className="text-amber-700 underline dark:text-amber-300">
                    Lookupds disagree: see Lookup
                  </Link>
                )}
              </p>
            </>
          )}
        </div>
      </div>
    </Card>
  );
}
