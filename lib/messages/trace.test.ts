import { describe, expect, it } from 'vitest';
import { traceContext, traceContextOfText, traceUrl, withTraceparent } from './trace';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('trace context in a message body', () => {
  it('reads a W3C traceparent, at the top or under headers', () => {
    expect(traceContext({ traceparent: `00-${TRACE}-${SPAN}-01` })).toEqual({ trace_id: TRACE, span_id: SPAN });
    expect(traceContext({ headers: { traceparent: `00-${TRACE}-${SPAN}-00` } })).toEqual({
      trace_id: TRACE,
      span_id: SPAN,
    });
  });

  it('reads trace_id and span_id fields, snake or camel case, and 64-bit ids', () => {
    expect(traceContext({ trace_id: TRACE.toUpperCase(), span_id: SPAN })).toEqual({ trace_id: TRACE, span_id: SPAN });
    expect(traceContext({ metadata: { traceId: TRACE.slice(16) } })).toEqual({
      trace_id: TRACE.slice(16),
      span_id: null,
    });
  });

  it('ignores what is not a trace id: wrong length, not hex, all zeros, not an object', () => {
    expect(traceContext({ trace_id: 'abc' })).toBeNull();
    expect(traceContext({ trace_id: `${TRACE.slice(1)}z` })).toBeNull();
    expect(traceContext({ trace_id: '0'.repeat(32) })).toBeNull();
    expect(traceContext({ traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` })).toBeNull();
    expect(traceContext([{ trace_id: TRACE }])).toBeNull();
    expect(traceContextOfText('not json')).toBeNull();
    expect(traceContextOfText(`{"trace_id":"${TRACE}"`)).toBeNull();
  });

  it('links to the trace with the template, and nothing from the message can steer the link', () => {
    expect(traceUrl('http://jaeger:16686/trace/{trace_id}', { trace_id: TRACE, span_id: SPAN })).toBe(
      `http://jaeger:16686/trace/${TRACE}`,
    );
    expect(traceUrl('https://t/{trace_id}?span={span_id}', { trace_id: TRACE, span_id: null })).toBe(
      `https://t/${TRACE}?span=`,
    );
    expect(traceContext({ trace_id: `${TRACE}/../../evil` })).toBeNull();
  });
});

describe('a publish’s trace context carried in the body', () => {
  const TP = `00-${TRACE}-${SPAN}-01`;

  it('is added to a JSON object, which stays the same object otherwise', () => {
    const body = '{ "order": 17,\n  "items": [1, 2] }';
    const carried = withTraceparent(body, TP);
    expect(JSON.parse(carried)).toEqual({ traceparent: TP, order: 17, items: [1, 2] });
    expect(traceContextOfText(carried)).toEqual({ trace_id: TRACE, span_id: SPAN });
    expect(JSON.parse(withTraceparent(' {}', TP))).toEqual({ traceparent: TP });
  });

  it('leaves text, arrays, broken JSON and bodies with their own trace context alone', () => {
    for (const body of [
      'order 17',
      '[1,2]',
      '{"a":',
      `{"trace_id":"${'a'.repeat(32)}"}`,
      // a field of that name, even empty, is the body's own: a second one would be a duplicate key
      '{"traceparent":""}',
      '{"headers":{"traceId":null}}',
    ])
      expect(withTraceparent(body, TP)).toBe(body);
  });

  it('is not added where it would make the message too big', () => {
    const body = '{"a":1}';
    expect(withTraceparent(body, TP, body.length + 10)).toBe(body);
    expect(withTraceparent(body, TP, body.length + 100)).not.toBe(body);
  });
});
