'use client';
// The Alerts page (/alerts): what the health rules say now (firing, then pending), what resolved
// lately, and the rules in force with their thresholds, so an operator can tell why something fired.
import Link from 'next/link';
import { channelHref, nodeHref, topicHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { AlertRule } from '@/lib/alerts/rules';
import type { AlertJson } from '@/lib/alerts/tracker';
import { formatRuleValue } from '@/lib/alerts/units';
import { formatDuration } from '@/lib/duration';
import { formatAge } from '@/lib/format';
import { useAlerts, useEvents } from '@/lib/queries/hooks';
import { alertWords, SEVERITY_TONE } from './alert-words';

export function AlertsPage() {
  const { data, error } = useAlerts();
  if (!data) return error ? <ErrorState error={error} /> : <Skeleton label="Loading alerts" />;
  const at = data.evaluated_at;
  return (
    <>
      <h1 className="text-2xl font-semibold">Alerts</h1>
      {error ? <ErrorState>Showing the last data received: {error.message}</ErrorState> : null}
      {at === null ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The rules run after the first poll.</p>
      ) : null}
      <Card title={`Firing (${data.firing.length})`} testId="alerts-firing">
        <AlertTable alerts={data.firing} at={at} empty="Nothing is firing." />
      </Card>
      <Card title={`Pending (${data.pending.length})`} testId="alerts-pending">
        <AlertTable alerts={data.pending} at={at} empty="Nothing is pending." />
      </Card>
      <Card title="Resolved lately" testId="alerts-resolved">
        <AlertTable alerts={data.resolved} at={at} empty="Nothing has resolved since the console started." />
      </Card>
      <Card title="Events" testId="events">
        <EventList />
      </Card>
      <Card title="Rules in force" testId="alert-rules">
        <RuleTable rules={data.rules} />
      </Card>
    </>
  );
}

function Subject({ a }: { a: AlertJson }) {
  if (a.topic !== null && a.channel !== null)
    return (
      <Link href={channelHref(a.topic, a.channel)} className="text-sky-700 hover:underline dark:text-sky-400">
        {a.topic} / {a.channel}
      </Link>
    );
  if (a.topic !== null)
    return (
      <Link href={topicHref(a.topic)} className="text-sky-700 hover:underline dark:text-sky-400">
        {a.topic}
      </Link>
    );
  if (a.node !== null)
    return (
      <Link href={nodeHref(a.node)} className="text-sky-700 hover:underline dark:text-sky-400">
        {a.node}
      </Link>
    );
  return <span>cluster</span>;
}

function AlertTable({ alerts, at, empty }: { alerts: AlertJson[]; at: number | null; empty: string }) {
  if (alerts.length === 0) return <EmptyState>{empty}</EmptyState>;
  const ago = (t: number | null) => (t === null || at === null ? '—' : `${formatAge(Math.max(0, at - t))} ago`);
  return (
    <Table>
      <thead>
        <tr>
          <Th>Severity</Th>
          <Th>Rule</Th>
          <Th>Where</Th>
          <Th>What</Th>
          <Th>Since</Th>
          <Th>{alerts[0]?.state === 'resolved' ? 'Resolved' : 'Fired'}</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <Tr key={`${a.id}@${a.since}`} data-testid="alert-row" data-rule={a.rule} data-state={a.state}>
            <Td>
              <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>
            </Td>
            <Td className="font-medium">{a.rule}</Td>
            <Td>
              <Subject a={a} />
            </Td>
            <Td data-testid="alert-words">{alertWords(a, a.state === 'resolved' ? a.resolved_at : at)}</Td>
            <Td>{ago(a.since)}</Td>
            <Td>{ago(a.state === 'resolved' ? a.resolved_at : a.fired_at)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The events shown here; the rest stay in /api/events. */
const EVENTS_SHOWN = 200;

const EVENT_TONE = {
  node_down: 'danger',
  node_up: 'ok',
  lookupd_down: 'danger',
  lookupd_up: 'ok',
  alert_firing: 'warn',
  alert_resolved: 'ok',
  action: 'info',
} as const;

/** Nodes down and back, alerts firing and resolving, and who changed what: newest first. */
function EventList() {
  const { data } = useEvents({});
  if (!data) return <Skeleton label="Loading events" />;
  if (data.events.length === 0) return <EmptyState>Nothing has happened since the console started.</EmptyState>;
  return (
    <Table>
      <thead>
        <tr>
          <Th>When</Th>
          <Th>What</Th>
          <Th>Where</Th>
        </tr>
      </thead>
      <tbody>
        {data.events.slice(0, EVENTS_SHOWN).map((e) => (
          <Tr key={e.id} data-testid="event-row" data-kind={e.kind}>
            <Td className="whitespace-nowrap">{formatAge(Math.max(0, data.now - e.at))} ago</Td>
            <Td>
              <Badge tone={EVENT_TONE[e.kind]}>{e.kind.replace('_', ' ')}</Badge> {e.text}
            </Td>
            <Td>
              {e.topic !== null ? (
                <Link
                  href={e.channel !== null ? channelHref(e.topic, e.channel) : topicHref(e.topic)}
                  className="text-sky-700 hover:underline dark:text-sky-400"
                >
                  {e.channel !== null ? `${e.topic} / ${e.channel}` : e.topic}
                </Link>
              ) : e.node !== null && !e.kind.startsWith('lookupd') ? (
                <Link href={nodeHref(e.node)} className="text-sky-700 hover:underline dark:text-sky-400">
                  {e.node}
                </Link>
              ) : (
                (e.node ?? 'cluster')
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

const WHEN: Record<AlertRule['kind'], (t: number) => string> = {
  backlog: (t) => `depth > ${formatRuleValue('backlog', t)}`,
  consume_delay: (t) => `delay > ${formatRuleValue('consume_delay', t)}`,
  failure_rate: (t) => `timeouts > ${formatRuleValue('failure_rate', t)} of messages`,
  retry_rate: (t) => `requeues > ${formatRuleValue('retry_rate', t)} of messages`,
  node_down: () => 'an nsqd does not answer',
  lookupd_disagree: () => 'nsqlookupds list different nodes or counts',
};

function RuleTable({ rules }: { rules: AlertRule[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Rule</Th>
          <Th>When</Th>
          <Th>Topics / channels</Th>
          <Th>For</Th>
          <Th>Window</Th>
          <Th>Severity</Th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <Tr key={r.name} data-testid="alert-rule" data-rule={r.name}>
            <Td className="font-medium">{r.name}</Td>
            <Td>{WHEN[r.kind](r.threshold)}</Td>
            <Td>
              {r.kind === 'node_down' || r.kind === 'lookupd_disagree'
                ? '—'
                : `${r.topic} / ${r.channel}${r.ephemeral ? ' (with #ephemeral)' : ''}`}
            </Td>
            <Td>{r.for_ms === 0 ? 'at once' : formatDuration(r.for_ms)}</Td>
            <Td>{r.kind === 'failure_rate' || r.kind === 'retry_rate' ? formatDuration(r.window_ms) : '—'}</Td>
            <Td>
              <Badge tone={SEVERITY_TONE[r.severity]}>{r.severity}</Badge>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
