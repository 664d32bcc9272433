// Trace context carried in a JSON message body, the way producers instrumented with OpenTelemetry
// commonly put it there: a W3C `traceparent`, or `trace_id` and `span_id` fields (camelCase too), at
// the top level or under `headers` or `metadata`. With --trace-url-template it becomes a link to the
// trace. Pure, for the server and the browser alike.

export interface TraceContext {
  /** 32 lower-case hex digits (16 for a 64-bit id) */
  trace_id: string;
  /** 16 lower-case hex digits, or null when the body names none */
  span_id: string | null;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const TRACE_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{16})$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
/** where envelopes nest their propagation fields */
const NESTED = ['headers', 'metadata'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const allZero = (hex: string) => /^0+$/.test(hex);

function fromFields(o: Record<string, unknown>): TraceContext | null {
  const tp = o.traceparent;
  if (typeof tp === 'string') {
    const m = TRACEPARENT.exec(tp.trim().toLowerCase());
    if (m && !allZero(m[1] as string)) return { trace_id: m[1] as string, span_id: m[2] as string };
  }
  const id = o.trace_id ?? o.traceId;
  if (typeof id !== 'string') return null;
  const traceId = id.toLowerCase();
  if (!TRACE_ID.test(traceId) || allZero(traceId)) return null;
  const span = o.span_id ?? o.spanId;
  const spanId = typeof span === 'string' && SPAN_ID.test(span.toLowerCase()) ? span.toLowerCase() : null;
  return { trace_id: traceId, span_id: spanId };
}

/** The trace context of a parsed JSON body, or null. */
export function traceContext(value: unknown): TraceContext | null {
  if (!isRecord(value)) return null;
  const top = fromFields(value);
  if (top) return top;
  for (const key of NESTED) {
    const nested = value[key];
    if (isRecord(nested)) {
      const found = fromFields(nested);
      if (found) return found;
    }
  }
  return null;
}

/** The trace context of a body's text, when it is a JSON object. */
export function traceContextOfText(text: string): TraceContext | null {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    return traceContext(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * The link for a trace: {trace_id} and {span_id} in the template replaced. Both are hex digits
 * checked above, so nothing from the message can change where the link goes but the id itself.
 */
export function traceUrl(template: string, ctx: TraceContext): string {
  return template.replaceAll('{trace_id}', ctx.trace_id).replaceAll('{span_id}', ctx.span_id ?? '');
}

/** Whether the object names trace context at all, valid or not: a field of that name is the body's own. */
function namesTrace(o: Record<string, unknown>): boolean {
  const keys = ['traceparent', 'trace_id', 'traceId'];
  return [o, ...NESTED.map((k) => o[k])].some((x) => isRecord(x) && keys.some((k) => k in x));
}

/**
 * The body with `traceparent` added, when it is a JSON object that names no trace context yet and
 * stays within `maxBytes`: NSQ messages have no headers, so a console publish's trace travels in
 * the body, where traceContext() (and consumers instrumented that way) read it. Any other body is
 * left as it is. The rest of the object keeps its own formatting.
 */
export function withTraceparent(body: string, traceparent: string, maxBytes = Number.POSITIVE_INFINITY): string {
  if (!body.trimStart().startsWith('{')) return body;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  if (!isRecord(value) || namesTrace(value)) return body;
  const field = `"traceparent":${JSON.stringify(traceparent)}`;
  const open = body.indexOf('{');
  const carried = `${body.slice(0, open + 1)}${field}${Object.keys(value).length > 0 ? ',' : ''}${body.slice(open + 1)}`;
  return new TextEncoder().encode(carried).length <= maxBytes ? carried : body;
}
