import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/client';
import type { Outcome } from '@/lib/cluster/actions';
import { type ActionAnswer, nodeCountPhrase, summariseAnswer, summariseError } from './action-summary';

const pause = { verb: 'pause', done: 'paused', what: 'channel orders/billing' };
const ok = (target: string, role: Outcome['role'] = 'nsqd', request = '/channel/pause'): Outcome => ({
  target,
  role,
  request,
  ok: true,
});
const bad = (target: string, message: string, role: Outcome['role'] = 'nsqd', request = '/channel/pause'): Outcome => ({
  target,
  role,
  request,
  ok: false,
  error: { kind: 'network', node: target, message },
});
const answer = (results: Outcome[], status: ActionAnswer['status'] = 'ok'): ActionAnswer => ({
  message: '',
  status,
  results,
});

describe('summariseAnswer', () => {
  it('every node ok is a success naming the count, with one line per node', () => {
    const s = summariseAnswer(pause, answer([ok('10.0.0.1:4151'), ok('10.0.0.2:4151')]));
    expect(s.tone).toBe('success');
    expect(s.title).toBe('Channel orders/billing paused on 2 of 2 nodes');
    expect(s.lines.map((l) => l.text)).toEqual(['nsqd 10.0.0.1:4151: ok', 'nsqd 10.0.0.2:4151: ok']);
  });

  it('partial is a warning that names the failed node and its error, never a success', () => {
    const s = summariseAnswer(
      pause,
      answer([ok('10.0.0.1:4151'), bad('127.0.0.1:4151', 'connect ECONNREFUSED')], 'partial'),
    );
    expect(s.tone).toBe('warning');
    expect(s.title).toBe('Channel orders/billing paused on 1 of 2 nodes; 127.0.0.1:4151 failed');
    expect(s.lines).toEqual([
      { key: 'nsqd 10.0.0.1:4151', ok: true, text: 'nsqd 10.0.0.1:4151: ok' },
      { key: 'nsqd 127.0.0.1:4151', ok: false, text: 'nsqd 127.0.0.1:4151: failed (network: connect ECONNREFUSED)' },
    ]);
  });

  it('judges by the outcomes, whatever status the answer claims', () => {
    expect(summariseAnswer(pause, answer([ok('a:1'), bad('b:1', 'x')], 'ok')).tone).toBe('warning');
  });

  it('every node failed is an error', () => {
    const s = summariseAnswer(pause, answer([bad('a:1', 'timeout'), bad('b:1', 'refused')], 'failed'));
    expect(s.tone).toBe('error');
    expect(s.title).toBe('Could not pause channel orders/billing: every node failed (a:1, b:1)');
    expect(s.lines.map((l) => l.text)).toEqual([
      'nsqd a:1: failed (network: timeout)',
      'nsqd b:1: failed (network: refused)',
    ]);
  });

  it('no node to act on is said plainly, not as success', () => {
    const s = summariseAnswer(pause, answer([], 'nothing'));
    expect(s).toEqual({
      tone: 'info',
      title: 'Channel orders/billing: no node has it, so nothing was paused',
      lines: [],
    });
  });

  it('counts nsqd and nsqlookupd apart when both took part, one entry per node', () => {
    const create = { verb: 'create', done: 'created', what: 'channel t/c' };
    const s = summariseAnswer(
      create,
      answer([
        ok('l:4161', 'nsqlookupd', '/topic/create'),
        ok('a:4151', 'nsqd', '/topic/create'),
        ok('b:4151', 'nsqd', '/topic/create'),
        ok('l:4161', 'nsqlookupd', '/channel/create'),
        ok('a:4151', 'nsqd', '/channel/create'),
        bad('b:4151', 'HTTP 500', 'nsqd', '/channel/create'),
      ]),
    );
    expect(s.tone).toBe('warning');
    expect(s.title).toBe('Channel t/c created on 1 of 2 nsqd and 1 of 1 nsqlookupd; b:4151 failed');
    expect(s.lines.find((l) => !l.ok)?.text).toBe('nsqd b:4151: failed (network: HTTP 500)');
    expect(s.lines).toHaveLength(3);
  });

  it('keeps hostile names as they are (the toast renders text, never markup)', () => {
    const s = summariseAnswer({ ...pause, what: 'channel <img src=x onerror=alert(1)>' }, answer([ok('a:1')]));
    expect(s.title).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('nodeCountPhrase', () => {
  it('says node or nodes, and names roles only when lookupd took part', () => {
    expect(nodeCountPhrase([{ role: 'nsqd', ok: true }])).toBe('1 of 1 node');
    expect(nodeCountPhrase([{ role: 'nsqlookupd', ok: false }])).toBe('0 of 1 nsqlookupd');
  });
});

describe('summariseError', () => {
  it('a 502 with outcomes lists every node as failed', () => {
    const e = new ApiError(502, 'UPSTREAM_ERROR: nsqd a:1: refused', answer([bad('a:1', 'refused')], 'failed'));
    const s = summariseError(pause, e);
    expect(s.tone).toBe('error');
    expect(s.lines.map((l) => l.text)).toEqual(['nsqd a:1: failed (network: refused)']);
  });

  it('a 403 gives the reason', () => {
    const e = new ApiError(403, 'FORBIDDEN', { message: 'FORBIDDEN', reason: 'alice is not an admin' });
    expect(summariseError(pause, e)).toEqual({
      tone: 'error',
      title: 'Not allowed to pause channel orders/billing: alice is not an admin',
      lines: [],
    });
  });

  it('a 400 gives the message and the rule', () => {
    const e = new ApiError(400, 'INVALID_TOPIC', {
      message: 'INVALID_TOPIC',
      reason: 'topic names are 1 to 64 characters',
    });
    const s = summariseError({ verb: 'create', done: 'created', what: 'topic a b' }, e);
    expect(s.title).toBe('Could not create topic a b: INVALID_TOPIC');
    expect(s.lines.map((l) => l.text)).toEqual(['topic names are 1 to 64 characters']);
  });

  it('a 404 says it no longer exists; no answer says the console cannot be reached', () => {
    expect(summariseError(pause, new ApiError(404, 'CHANNEL_NOT_FOUND')).title).toBe(
      'Could not pause channel orders/billing: it no longer exists (CHANNEL_NOT_FOUND)',
    );
    expect(summariseError(pause, new ApiError(0, 'cannot reach the nsq-console server')).title).toBe(
      'Could not pause channel orders/billing: cannot reach the nsq-console server',
    );
  });
});
