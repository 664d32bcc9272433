import { describe, expect, it } from 'vitest';
import type { AccessResponse } from '@/lib/api/write-api';
import { actionAccess, droppedByChannelEmpty, droppedByTopicEmpty, nameConfirms, pauseChoices } from './helpers';

const ch = (depth: number, backend: number, inFlight: number, deferred: number) => ({
  depth,
  memory_depth: depth - backend,
  backend_depth: backend,
  in_flight_count: inFlight,
  deferred_count: deferred,
});

describe('what Empty drops', () => {
  it('a channel: depth, in-flight and deferred summed over its nodes, with the node count', () => {
    const d = droppedByChannelEmpty({ nodes: [ch(100, 40, 3, 2), ch(50, 0, 1, 0)] as never }, 1);
    expect(d).toEqual({
      depth: 150,
      memory_depth: 110,
      backend_depth: 40,
      in_flight_count: 4,
      deferred_count: 2,
      nodes: 2,
      unknown_nodes: 1,
    });
  });

  it("a topic: only the topic's own queue; its channels' in-flight and deferred are not dropped", () => {
    const d = droppedByTopicEmpty({ nodes: [ch(7, 2, 99, 99), ch(0, 0, 99, 99)] as never, unavailable_nodes: [] });
    expect(d).toEqual({
      depth: 7,
      memory_depth: 5,
      backend_depth: 2,
      in_flight_count: 0,
      deferred_count: 0,
      nodes: 2,
      unknown_nodes: 0,
    });
  });

  it('nothing on no node', () => {
    expect(droppedByTopicEmpty({ nodes: [], unavailable_nodes: ['a:1'] })).toMatchObject({
      depth: 0,
      nodes: 0,
      unknown_nodes: 1,
    });
  });
});

describe('type-to-confirm', () => {
  it('only the exact name confirms', () => {
    expect(nameConfirms('orders', 'orders')).toBe(true);
    expect(nameConfirms('tail#ephemeral', 'tail#ephemeral')).toBe(true);
    for (const typed of ['', 'order', 'orders ', ' orders', 'Orders', 'ORDERS', 'orders2'])
      expect(nameConfirms(typed, 'orders')).toBe(false);
  });

  it('an empty name never confirms', () => {
    expect(nameConfirms('', '')).toBe(false);
  });
});

describe('pause choices', () => {
  it('offers pause when running, unpause when paused, both when only some nodes are paused', () => {
    expect(pauseChoices([{ paused: false }, { paused: false }])).toEqual({ pause: true, unpause: false });
    expect(pauseChoices([{ paused: true }, { paused: true }])).toEqual({ pause: false, unpause: true });
    expect(pauseChoices([{ paused: true }, { paused: false }])).toEqual({ pause: true, unpause: true });
    expect(pauseChoices([])).toEqual({ pause: true, unpause: false });
  });
});

describe('what access allows the page to show', () => {
  const info = (a: Partial<AccessResponse>): AccessResponse => ({
    mode: 'open',
    can_mutate: true,
    user: null,
    reason: null,
    basic_auth: false,
    message_tools: true,
    ...a,
  });

  it('nothing until known, so no enabled button flashes', () => {
    expect(actionAccess(undefined, null)).toEqual({ kind: 'loading' });
  });

  it('a read-only console shows no controls', () => {
    expect(
      actionAccess(info({ mode: 'read-only', can_mutate: false, reason: 'this console is read-only' }), null),
    ).toEqual({ kind: 'hidden' });
  });

  it('open, or an admin, gets enabled controls', () => {
    expect(actionAccess(info({}), null)).toEqual({ kind: 'enabled' });
    expect(actionAccess(info({ mode: 'admin', user: 'alice' }), null)).toEqual({ kind: 'enabled' });
  });

  it('a non-admin sees them disabled with the reason, and sign-in when the console has users', () => {
    expect(actionAccess(info({ mode: 'admin', can_mutate: false, reason: 'bob is not an admin' }), null)).toEqual({
      kind: 'disabled',
      reason: 'bob is not an admin',
      signIn: false,
    });
    expect(
      actionAccess(
        info({
          mode: 'admin',
          can_mutate: false,
          reason: 'only admins may change the cluster: sign in',
          basic_auth: true,
        }),
        null,
      ),
    ).toMatchObject({
      kind: 'disabled',
      signIn: true,
    });
  });

  it('when access cannot be read, controls are disabled with that reason', () => {
    expect(actionAccess(undefined, new Error('HTTP 500'))).toMatchObject({
      kind: 'disabled',
      reason: expect.stringContaining('HTTP 500'),
    });
  });
});
