// The hand-over of observations from the poll worker, with stats recorded from a real nsqd; the
// thread boundary is a structured clone, as postMessage makes it.
import { describe, expect, it } from 'vitest';
import { poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { type ListMemory, type PostedObservation, postObservation, receiveObservation } from './handover';
import { buildSnapshot, observeNode } from './snapshot';

const across = (p: PostedObservation): PostedObservation => structuredClone(p);

describe('the hand-over of a node observation', () => {
  it('gives the receiving thread the same snapshot as the reading thread would build', () => {
    const sent: ListMemory = new Map();
    const received: ListMemory = new Map();
    const node = upNode('10.0.0.1:4151', recordedStats());
    const got = receiveObservation(across(postObservation(node, sent)), received);
    expect(JSON.parse(JSON.stringify(buildSnapshot(poll([got]))))).toEqual(
      JSON.parse(JSON.stringify(buildSnapshot(poll([node])))),
    );
  });

  it("sends a node's names again only when they changed", () => {
    const sent: ListMemory = new Map();
    const received: ListMemory = new Map();
    const stats = recordedStats();
    const first = upNode('10.0.0.1:4151', stats);
    receiveObservation(across(postObservation(first, sent)), received);
    if (!first.result.ok) throw new Error('the recorded node is up');
    // discovery keeps a node's registrations while lookupd lists the same topics (discovery.ts)
    const next = upNode('10.0.0.1:4151', stats, {
      registrations: first.registrations,
      result: { ...first.result, observed: observeNode('10.0.0.1:4151', 'host-4151', stats, undefined, 3000) },
    });
    const posted = postObservation(next, sent);
    expect(posted.reused).toEqual(expect.arrayContaining(['registrations', 'table.topicNames', 'table.channelNames']));
    expect(JSON.stringify(posted).length).toBeLessThan(JSON.stringify(postObservation(first, new Map())).length);
    const got = receiveObservation(across(posted), received);
    expect(JSON.parse(JSON.stringify(buildSnapshot(poll([got])).topics))).toEqual(
      JSON.parse(JSON.stringify(buildSnapshot(poll([next])).topics)),
    );

    const renamed = { ...stats, topics: stats.topics.slice(1) };
    const fewer = upNode('10.0.0.1:4151', renamed);
    const again = postObservation(fewer, sent);
    expect(again.reused).not.toContain('table.topicNames');
    const back = receiveObservation(across(again), received);
    expect(buildSnapshot(poll([back])).topics.map((t) => t.topic_name)).toEqual(
      renamed.topics.map((t) => t.topic_name),
    );
  });

  it('refuses a reference to names it never received rather than showing wrong ones', () => {
    const sent: ListMemory = new Map();
    const node = upNode('10.0.0.1:4151', recordedStats());
    postObservation(node, sent);
    expect(() => receiveObservation(across(postObservation(node, sent)), new Map())).toThrow(/no .* was received/);
  });
});
