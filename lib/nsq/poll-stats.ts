// The shared poller's reading of one nsqd's /stats body, parsing only the topics that changed since
// the previous poll of the same node. nsqd (Go's encoding/json) writes compact JSON, its topics in
// name order, each one object that starts with {"topic_name":". On a large nsqd most topics are idle
// between two polls, and an idle topic's object is byte for byte the same as before. So each topic's
// bytes get a digest (CRC-32 and length); a topic whose digest equals that of the previous body's
// topic at the same position is not decoded or parsed, and keeps the previous poll's values
// (lib/cluster/snapshot.ts observeNode). The head of the body and its last topic are always parsed,
// so the end of the topic list never has to be found. Whatever does not split this way (no topics,
// another layout, a split that does not parse) is parsed whole, as before, so a bad body fails with
// the same error as ever. BENCHMARKS.md (poll cost) measures what this saves.
// A digest can collide: a topic whose bytes changed to others of the same length and CRC-32 (about
// one in 4 billion changes) would keep its old numbers until its bytes change again, for good on an
// idle topic. So every node's topics are all parsed once a period (fullReadDue): five minutes, or 30
// polls where polls are further apart than 10 s, since on the largest clusters a full read is what
// a poll costs most (BENCHMARKS.md).
import { isAscii } from 'node:buffer';
import { crc32 } from 'node:zlib';
import { checkBody } from './decode';
import { UpstreamError } from './http';
import { isValidName } from './names';
import { type NsqdStatsSummary, nsqdPollStatsSchema, type TopicSummaryStats } from './schemas';

const TOPIC_START = Buffer.from('{"topic_name":"');
const LIST_START = Buffer.from('"topics":[');
/** where the parts of a body to parse are put together; reused, since reading is synchronous */
let scratch = Buffer.allocUnsafeSlow(0);
const CLOSE_BRACE = 0x7d;
const COMMA_BYTE = 0x2c;

/**
 * The text of JSON bytes. nsqd's /stats is ASCII but for what a user may put in it (a node's
 * health message, say), and decoding ASCII as such is several times faster than as UTF-8, which
 * checks every byte; the check that it is ASCII costs a fraction of either.
 */
const decode = (bytes: Buffer) => (isAscii(bytes) ? bytes.toString('ascii') : bytes.toString('utf8'));

/** The digest of each topic's bytes in one body, by position. */
interface BodyDigests {
  crc: Uint32Array;
  length: Uint32Array;
  /** when the last body of the node whose every topic was parsed arrived, ms */
  fullReadAt: number;
}

/** The digests of the topics kept (bounded), by position in what was kept, with how many channels each kept. */
export interface TopicDigests extends BodyDigests {
  channels: Uint32Array;
}

/**
 * The most topics, and channels over all topics, one nsqd's /stats may report. Every topic and
 * channel becomes rows, rates and history series, and an nsqd's address is whatever it registered
 * with nsqlookupd, so without a bound one rogue node could grow this process without end. Far above
 * real nodes (the largest measured here: 1,000 topics × 4 channels, BENCHMARKS.md).
 */
export const MAX_TOPICS_PER_NODE = 20_000;
export const MAX_CHANNELS_PER_NODE = 100_000;

/** The period of full reads at least, and in polls where they are spaced out (fullReadPeriodMs). */
export const FULL_READ_EVERY_MS = 5 * 60_000;
const FULL_READ_EVERY_POLLS = 30;

/** How long a node's topics may go on being taken as unchanged by their digests, at most. */
export const fullReadPeriodMs = (pollIntervalMs: number) =>
  Math.max(FULL_READ_EVERY_MS, FULL_READ_EVERY_POLLS * pollIntervalMs);

/**
 * Whether the body of `node` that arrived at `at` is to be parsed whole, its digests aside: the
 * first since a period began, counted from the last full read. Each node's periods start at a phase
 * of their own (from its address), so a large cluster's full reads are spread over the period rather
 * than all in one poll.
 */
export function fullReadDue(node: string, fullReadAt: number, at: number, periodMs: number): boolean {
  const phase = (crc32(node) / 2 ** 32) * periodMs;
  return Math.floor((at - phase) / periodMs) !== Math.floor((fullReadAt - phase) / periodMs);
}

/** When a body arrived, and the period of its node's full reads (fullReadPeriodMs). */
export interface ReadAt {
  at: number;
  fullReadEveryMs: number;
}

export interface PollStats extends Omit<NsqdStatsSummary, 'topics'> {
  /**
   * In nsqd's order. null where the topic's bytes are those of the previous body's topic at the same
   * position: the same topic with the same values.
   */
  topics: (TopicSummaryStats | null)[];
  /** what the next body of this node is compared with; null when this one did not split into topics */
  digests: TopicDigests | null;
}

/** What readTopics makes of a body, before bounded keeps only valid names. */
interface ReadTopics extends Omit<PollStats, 'digests'> {
  digests: BodyDigests | null;
}

/** Where each topic's object starts, or null when the body is not laid out as nsqd writes it. */
export function topicStarts(body: Buffer): number[] | null {
  const starts: number[] = [];
  for (let at = body.indexOf(TOPIC_START); at !== -1; at = body.indexOf(TOPIC_START, at + TOPIC_START.length))
    starts.push(at);
  const first = starts[0];
  if (
    first === undefined ||
    first < LIST_START.length ||
    !body.subarray(first - LIST_START.length, first).equals(LIST_START)
  )
    return null;
  for (let i = 1; i < starts.length; i++) {
    if (body[starts[i]! - 1] !== COMMA_BYTE || body[starts[i]! - 2] !== CLOSE_BRACE) return null;
  }
  return starts;
}

/** The whole body parsed; `digests` kept only when they account for every topic parsed. */
function whole(node: string, pathAndQuery: string, body: Buffer, digests: BodyDigests | null): ReadTopics {
  const stats = checkBody(node, pathAndQuery, decode(body), nsqdPollStatsSchema);
  const topics = stats.topics ?? [];
  const { version, health, start_time } = stats;
  return { version, health, start_time, topics, digests: digests?.length.length === topics.length ? digests : null };
}

/**
 * One /stats body (asked for with include_clients=false) as the poller reads it, against the digests
 * of the same node's previous body (null: parse every topic). Throws the UpstreamError of checkBody
 * when the body is not valid /stats JSON, and a 'parse' one when it reports more than a node may.
 */
export function readPollStats(
  node: string,
  pathAndQuery: string,
  body: Buffer,
  previous: TopicDigests | null,
  at: ReadAt,
): PollStats {
  return bounded(node, pathAndQuery, readTopics(node, pathAndQuery, body, previous, at), previous);
}

const tooMany = (node: string, pathAndQuery: string, what: string, limit: number) =>
  new UpstreamError({
    kind: 'parse',
    node,
    message: `GET ${pathAndQuery}: more than ${limit} ${what}; this node is not read`,
  });

/**
 * The topics and channels whose names NSQ's rule allows (no nsqd makes others, and a name is shown
 * and used in URLs and metric labels), within MAX_TOPICS_PER_NODE and MAX_CHANNELS_PER_NODE. A topic
 * dropped here leaves its place in the digests too, so positions still pair each digest with the
 * row built from that topic; the topics after it then differ from the digests and are parsed.
 */
function bounded(node: string, pathAndQuery: string, read: ReadTopics, previous: TopicDigests | null): PollStats {
  const { topics, digests } = read;
  if (topics.length > MAX_TOPICS_PER_NODE) throw tooMany(node, pathAndQuery, 'topics', MAX_TOPICS_PER_NODE);
  const kept: (TopicSummaryStats | null)[] = [];
  const at: number[] = [];
  const channelCounts: number[] = [];
  let channels = 0;
  for (let i = 0; i < topics.length; i++) {
    const t = topics[i]!;
    let count: number;
    if (t === null) {
      // unchanged since the previous body, whose digests (and kept channels) are at the same position
      count = previous?.channels[i] ?? 0;
      kept.push(t);
    } else {
      if (!isValidName(t.topic_name)) continue;
      const cs = t.channels ?? [];
      const valid = cs.every((c) => isValidName(c.channel_name))
        ? t
        : { ...t, channels: cs.filter((c) => isValidName(c.channel_name)) };
      count = valid.channels?.length ?? 0;
      kept.push(valid);
    }
    channels += count;
    if (channels > MAX_CHANNELS_PER_NODE) throw tooMany(node, pathAndQuery, 'channels', MAX_CHANNELS_PER_NODE);
    at.push(i);
    channelCounts.push(count);
  }
  let keptDigests: TopicDigests | null = null;
  if (digests) {
    const all = kept.length === topics.length;
    keptDigests = {
      crc: all ? digests.crc : Uint32Array.from(at, (i) => digests.crc[i]!),
      length: all ? digests.length : Uint32Array.from(at, (i) => digests.length[i]!),
      fullReadAt: digests.fullReadAt,
      channels: Uint32Array.from(channelCounts),
    };
  }
  return { ...read, topics: kept, digests: keptDigests };
}

function readTopics(
  node: string,
  pathAndQuery: string,
  body: Buffer,
  previous: BodyDigests | null,
  { at, fullReadEveryMs }: ReadAt,
): ReadTopics {
  const starts = topicStarts(body);
  if (!starts) return whole(node, pathAndQuery, body, null);
  /** the previous body's digests, unless this body is its node's full read of the period */
  const against = previous && !fullReadDue(node, previous.fullReadAt, at, fullReadEveryMs) ? previous : null;
  const n = starts.length;
  /** where topic i's bytes end: at the comma before the next topic; the last one's, at the end of the body */
  const endOf = (i: number) => (i + 1 < n ? starts[i + 1]! - 1 : body.length);
  const digests: BodyDigests = {
    crc: new Uint32Array(n),
    length: new Uint32Array(n),
    fullReadAt: against?.fullReadAt ?? at,
  };
  const changed: number[] = [];
  for (let i = 0; i < n; i++) {
    const end = endOf(i);
    const crc = crc32(body.subarray(starts[i]!, end));
    const length = end - starts[i]!;
    digests.crc[i] = crc;
    digests.length[i] = length;
    const same =
      against !== null &&
      i < n - 1 &&
      i < against.length.length &&
      against.length[i] === length &&
      against.crc[i] === crc;
    if (!same) changed.push(i);
  }
  if (changed.length === n) {
    // every topic parsed: this is the node's full read
    digests.fullReadAt = at;
    return whole(node, pathAndQuery, body, digests);
  }

  // the head up to the topic list, the changed topics, and the last topic with the rest of the body
  let size = starts[0]!;
  for (const i of changed) size += endOf(i) - starts[i]! + 1;
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, scratch.length * 2));
  let end = body.copy(scratch, 0, 0, starts[0]!);
  for (const i of changed) {
    if (end > starts[0]!) scratch[end++] = COMMA_BYTE;
    end += body.copy(scratch, end, starts[i]!, endOf(i));
  }
  let stats: NsqdStatsSummary;
  try {
    stats = checkBody(node, pathAndQuery, decode(scratch.subarray(0, end)), nsqdPollStatsSchema);
  } catch {
    return whole(node, pathAndQuery, body, null);
  }
  if (stats.topics?.length !== changed.length) return whole(node, pathAndQuery, body, null);
  const topics = new Array<TopicSummaryStats | null>(n).fill(null);
  for (let k = 0; k < changed.length; k++) topics[changed[k]!] = stats.topics[k]!;
  const { version, health, start_time } = stats;
  return { version, health, start_time, topics, digests };
}
