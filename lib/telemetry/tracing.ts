// The console's own spans: one per poll with a child per upstream read, one per admin action with a
// child per node it asked, and a producer span per message published from the console. Through the
// OpenTelemetry API only: without the SDK (no OTLP endpoint, lib/telemetry/sdk.ts) every call here is
// the API's no-op. Attributes follow the messaging semantic conventions: messaging.system "nsq", the
// topic as messaging.destination.name, the channel as messaging.consumer.group.name.
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { UpstreamErrorInfo } from '../nsq/http';

const tracer = () => trace.getTracer('nsq-console');

export const MESSAGING_SYSTEM = 'nsq';

/** host and port of an upstream address, as server.address and server.port */
export function serverAttributes(address: string): Attributes {
  const at = address.lastIndexOf(':');
  return {
    'server.address': address.slice(0, at).replace(/^\[|\]$/g, ''),
    'server.port': Number(address.slice(at + 1)),
  };
}

function fail(span: Span, error: UpstreamErrorInfo | undefined): void {
  if (!error) return;
  span.setAttribute('error.type', error.kind);
  if (error.status !== undefined) span.setAttribute('http.response.status_code', error.status);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/** What a finished poll read, with when each read started and how long it took (ms since the epoch). */
export interface PollReads {
  taken_at: number;
  duration_ms: number;
  reads: {
    role: 'nsqd' | 'nsqlookupd';
    address: string;
    /** the span's name, e.g. "GET /stats" */
    name: string;
    /** the one path read, when there is one (an nsqlookupd is asked /nodes, /topics and /info at once) */
    path?: string;
    started_at: number;
    latency_ms: number | null;
    bytes?: number;
    error?: UpstreamErrorInfo;
  }[];
}

/**
 * The poll as a span with a child per read, made after the fact from the times the poll recorded:
 * the reads run on the poll worker's thread, where no SDK runs.
 */
export function recordPoll(poll: PollReads): void {
  const root = tracer().startSpan('nsq.poll', {
    // a trace of its own, also when an action asked for it: every viewer and action shares the poll
    root: true,
    startTime: poll.taken_at,
    attributes: { 'messaging.system': MESSAGING_SYSTEM, 'nsq.poll.reads': poll.reads.length },
  });
  // nothing records (no tracer provider, or not sampled): no child is worth building
  if (!root.isRecording()) {
    root.end();
    return;
  }
  const parent = trace.setSpan(context.active(), root);
  for (const r of poll.reads) {
    const span = tracer().startSpan(
      r.name,
      {
        kind: SpanKind.CLIENT,
        startTime: r.started_at,
        attributes: {
          ...serverAttributes(r.address),
          'http.request.method': 'GET',
          ...(r.path === undefined ? {} : { 'url.path': r.path }),
          'nsq.role': r.role,
          ...(r.error ? {} : { 'http.response.status_code': 200 }),
          ...(r.bytes === undefined ? {} : { 'http.response.body.size': r.bytes }),
        },
      },
      parent,
    );
    fail(span, r.error);
    span.end(r.started_at + (r.latency_ms ?? 0));
  }
  if (poll.reads.some((r) => r.error))
    root.setAttribute('nsq.poll.failed_reads', poll.reads.filter((r) => r.error).length);
  root.end(poll.taken_at + poll.duration_ms);
}

/** What an admin action is about, for its span. */
export interface ActionSubject {
  action: string;
  topic?: string;
  channel?: string;
  node?: string;
}

const subjectAttributes = (s: ActionSubject): Attributes => ({
  'messaging.system': MESSAGING_SYSTEM,
  'messaging.operation.name': s.action,
  ...(s.topic === undefined ? {} : { 'messaging.destination.name': s.topic }),
  ...(s.channel === undefined ? {} : { 'messaging.consumer.group.name': s.channel }),
  ...(s.node === undefined ? {} : { 'nsq.node': s.node }),
});

/**
 * Runs an admin action inside its span (the per-node calls it makes become its children), with
 * who did it; `outcome` says how it went once that is known.
 */
export function withActionSpan<T>(
  subject: ActionSubject,
  user: string | null,
  run: () => Promise<T>,
  outcome: (result: T) => string,
): Promise<T> {
  return tracer().startActiveSpan(
    `nsq ${subject.action}`,
    { attributes: { ...subjectAttributes(subject), ...(user === null ? {} : { 'user.name': user }) } },
    async (span) => {
      try {
        const result = await run();
        const status = outcome(result);
        span.setAttribute('nsq.outcome', status);
        if (status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: 'every node failed' });
        return result;
      } catch (e) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/** One request of an action to one node, as a client span under the action's. */
export async function withNodeSpan<T extends { ok: boolean; error?: UpstreamErrorInfo }>(
  role: 'nsqd' | 'nsqlookupd',
  address: string,
  request: string,
  run: () => Promise<T>,
): Promise<T> {
  const path = request.split('?')[0] as string;
  return tracer().startActiveSpan(
    `POST ${path}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { ...serverAttributes(address), 'http.request.method': 'POST', 'url.path': path, 'nsq.role': role },
    },
    async (span) => {
      try {
        const outcome = await run();
        if (outcome.ok) span.setAttribute('http.response.status_code', 200);
        fail(span, outcome.error);
        return outcome;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A publish from the console as a producer span. `run` is given the W3C traceparent of that span
 * (null when nothing is traced), to carry in the message so that a consumer continues the trace.
 */
export function withProducerSpan<T extends { ok: boolean; error?: UpstreamErrorInfo }>(
  topic: string,
  address: string,
  count: number,
  run: (traceparent: string | null) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': MESSAGING_SYSTEM,
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'publish',
        'messaging.destination.name': topic,
        'messaging.batch.message_count': count,
        ...serverAttributes(address),
      },
    },
    async (span) => {
      try {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        // only a span this console records and samples: with metrics alone exported, the span would
        // carry the caller's context, which is not the console's to pass on
        const sampled = span.isRecording() && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
        const outcome = await run(sampled ? (carrier.traceparent ?? null) : null);
        fail(span, outcome.error);
        return outcome;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Runs `fn` outside the current request's trace: a redrive outlives the request that started it, and
 * its publishes are spans of their own, not children of a request long answered.
 */
export const outsideRequestTrace = <T>(fn: () => T): T => context.with(ROOT_CONTEXT, fn);
