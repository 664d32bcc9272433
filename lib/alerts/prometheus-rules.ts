// The health rules in force as a Prometheus rules file (GET /api/alerts/rules), over the series this
// console's own /metrics exports (lib/metrics.ts), for teams that would rather have their Prometheus
// evaluate them. Each rule says in PromQL what evaluate.ts computes from a snapshot, as closely as
// PromQL can; what it cannot say is left out, with a comment in the file saying why.
//
// The series are per nsqd (a `node` label), and a console may be scraped twice (replicas, or two
// jobs): each expression first takes one of the copies (max without (instance, job)), as the history
// queries do (lib/prometheus.ts), then sums over nodes. Every other label is kept, so an alert carries
// topic, channel or node like the console's own (and a `cluster` label where the scrape adds one), and
// its labels are those the console pushes to Alertmanager (deliver.ts), which then sees one alert, not two.
import { Document } from 'yaml';
import { channelConsumeRate, escapeLabelValue, MIN_RATE_RANGE_S } from '../prometheus';
import type { AlertRule, RuleKind, Severity } from './rules';
import { formatRuleValue } from './units';

/** One rule of a Prometheus rules file (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/). */
export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  /** absent when the rule fires at once */
  for?: string;
  labels: { severity: Severity; kind: RuleKind; source: 'nsq-console' };
  annotations: { summary: string };
}

export interface PrometheusRules {
  rules: PrometheusAlertingRule[];
  /** the rules PromQL cannot say, and why */
  leftOut: { rule: string; reason: string }[];
}

const RULE_GROUP = 'nsq-console';

/** A rule, or a glob of one, that PromQL cannot say as the console evaluates it. */
class Untranslatable extends Error {}

/** Every rule in force that PromQL can say, in order, and the others with the reason. */
export function prometheusRules(rules: readonly AlertRule[]): PrometheusRules {
  const out: PrometheusRules = { rules: [], leftOut: [] };
  for (const r of rules) {
    let expr: string;
    try {
      expr = expression(r);
    } catch (e) {
      if (!(e instanceof Untranslatable)) throw e;
      out.leftOut.push({ rule: r.name, reason: e.message });
      continue;
    }
    out.rules.push({
      alert: r.name,
      expr,
      ...(r.for_ms > 0 ? { for: promDuration(r.for_ms) } : {}),
      labels: { severity: r.severity, kind: r.kind, source: 'nsq-console' },
      annotations: { summary: summary(r) },
    });
  }
  return out;
}

/** The rules file's text: one group, and a header comment that says where it comes from and what is left out. */
export function prometheusRulesYaml(rules: readonly AlertRule[]): string {
  const { rules: list, leftOut } = prometheusRules(rules);
  const doc = new Document({ groups: [{ name: RULE_GROUP, rules: list }] });
  doc.commentBefore = [
    " nsq-console's health rules, over the series of its /metrics (GET /api/alerts/rules).",
    ' Series left out of /metrics (--metrics-topic-include, --metrics-topic-exclude, --metrics-exclude-ephemeral)',
    ' cannot fire.',
    ...leftOut.map((l) => ` Left out: ${l.rule}: ${l.reason}.`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** A Prometheus duration ("1m30s"): whole units, largest first, as Prometheus writes and parses them. */
export function promDuration(ms: number): string {
  let rest = Math.round(ms);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0s';
}

/**
 * A glob as an RE2 regex (PromQL's `=~`, which anchors it at both ends), matching the names picomatch
 * matches with the console's options (rules.ts, ruleScope). NSQ names hold only letters, digits, ".",
 * "_", "-" and "#", so `*` may be `.*`. A leading `!` negates the whole glob: `!~`. Extglobs (`+(a|b)`,
 * `!(a)`) and ranges (`{1..3}`) have no translation here and throw Untranslatable.
 */
export function globRegex(glob: string): { regex: string; negated: boolean } {
  let i = 0;
  while (glob[i] === '!' && glob[i + 1] !== '(') i++;
  return { regex: translate(glob.slice(i), glob), negated: i % 2 === 1 };
}

const escapeRegex = (c: string) => c.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

function translate(s: string, glob: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      // an escaped character is itself; a trailing backslash too
      out += escapeRegex(s[i + 1] ?? '\\');
      i++;
    } else if (c === '*') {
      while (s[i + 1] === '*') i++;
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const end = classEnd(s, i);
      // an unclosed bracket is a literal one, as for picomatch
      if (end === -1) out += '\\[';
      else {
        out += charClass(s.slice(i + 1, end));
        i = end;
      }
    } else if (c === '{') {
      const end = braceEnd(s, i);
      const alternatives = end === -1 ? [] : splitAlternatives(s.slice(i + 1, end));
      if (alternatives.length > 1) {
        out += `(?:${alternatives.map((a) => translate(a, glob)).join('|')})`;
        i = end;
      } else if (end !== -1 && /^[^,]*\.\.[^,]*$/.test(s.slice(i + 1, end))) {
        throw new Untranslatable(`the range ${s.slice(i, end + 1)} in the glob "${glob}" has no PromQL form here`);
      } else {
        // `{a}` is literal for picomatch
        out += '\\{';
      }
    } else if (c === '(' || c === ')') {
      throw new Untranslatable(`the extglob in "${glob}" has no PromQL form here (RE2 has no lookaround)`);
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

/** The index of the `]` that closes the class opened at `start`, or -1. A `]` first in the class is literal. */
function classEnd(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === '^') i++;
  if (s[i] === ']') i++;
  for (; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s.startsWith('[:', i)) {
      const close = s.indexOf(':]', i + 2);
      if (close !== -1) i = close + 1;
    } else if (s[i] === ']') return i;
  }
  return -1;
}

/**
 * A bracket expression's body as an RE2 class. `^` negates it; `!` is a literal (picomatch's reading);
 * POSIX classes (`[:digit:]`) are RE2's too; ranges stay ranges.
 */
function charClass(body: string): string {
  let i = 0;
  let out = '[';
  if (body[0] === '^') {
    out += '^';
    i = 1;
  }
  for (; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const next = body[i + 1] ?? '\\';
      out += /[dswDSW]/.test(next) ? `\\${next}` : /[A-Za-z0-9]/.test(next) ? next : `\\${next}`;
      i++;
    } else if (body.startsWith('[:', i) && body.indexOf(':]', i + 2) !== -1) {
      const close = body.indexOf(':]', i + 2);
      out += body.slice(i, close + 2);
      i = close + 1;
    } else {
      out += /[[\]\\^]/.test(c) ? `\\${c}` : c;
    }
  }
  return `${out}]`;
}

/** The index of the `}` that closes the brace opened at `start`, or -1. */
function braceEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A brace's body split at its own commas (not those of nested braces or classes). */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '[') {
      const end = classEnd(body, i);
      if (end !== -1) i = end;
    } else if (c === ',' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}

/** The label matcher that keeps the names a glob matches, or null when it matches every name. */
function globMatcher(label: 'topic' | 'channel', glob: string): string | null {
  // a plain name is compared as it is
  if (!/[*?[\]{}()\\!]/.test(glob)) return `${label}="${escapeLabelValue(glob)}"`;
  const { regex, negated } = globRegex(glob);
  if (regex === '.*' && !negated) return null;
  return `${label}${negated ? '!~' : '=~'}"${escapeLabelValue(regex)}"`;
}

/** The matchers of a rule's scope: its topic glob, its channel glob for channel series, and no `#ephemeral` unless asked. */
function scopeMatchers(r: AlertRule, channel: boolean): string[] {
  const labels = channel ? (['topic', 'channel'] as const) : (['topic'] as const);
  const out: string[] = [];
  for (const label of labels) {
    const m = globMatcher(label, label === 'topic' ? r.topic : r.channel);
    if (m !== null) out.push(m);
    if (!r.ephemeral) out.push(`${label}!~".*#ephemeral"`);
  }
  return out;
}

const selector = (metric: string, matchers: readonly string[]) =>
  matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;

/** One copy of each series however many times the console is scraped, then `agg` over the nodes. */
const overNodes = (agg: 'sum' | 'avg', expr: string, drop: readonly string[] = []) =>
  `${agg} without (${['node', ...drop].join(', ')}) (max without (instance, job) (${expr}))`;

function expression(r: AlertRule): string {
  const T = String(r.threshold);
  const channels = () => scopeMatchers(r, true);
  switch (r.kind) {
    case 'backlog': {
      const depth = overNodes('sum', selector('nsq_channel_depth', channels()));
      // a topic without channels keeps its messages: its own depth is the backlog
      const topicDepth = overNodes('sum', selector('nsq_topic_depth', scopeMatchers(r, false)));
      const anyChannel = 'count without (instance, job, node, channel) (nsq_channel_depth)';
      return [`${depth} > ${T}`, 'or', `(${topicDepth} unless ${anyChannel}) > ${T}`].join('\n');
    }
    case 'consume_delay': {
      const m = channels();
      const depth = overNodes('sum', selector('nsq_channel_depth', m));
      const clients = overNodes('sum', selector('nsq_channel_client_count', m));
      // nsqd's sample counts are not exported, so each node's p99 weighs the same (the console weighs
      // them by count); exported only where nsqd runs with --e2e-processing-latency-percentile
      const p99 = overNodes(
        'avg',
        selector('nsq_channel_e2e_processing_latency_seconds', [...m, 'quantile="0.99"']),
        // without its quantile label it is the same channel as the other terms, for `or`
        ['quantile'],
      );
      // the shortest range rate() has two samples in: the console's own rate is over one poll
      const consumed = overNodes('sum', channelConsumeRate(m.length > 0 ? `{${m.join(',')}}` : '', MIN_RATE_RANGE_S));
      // in order, as consumeDelaySeconds: messages and no consumer never drain; else nsqd's p99; else
      // the depth over the consume rate (+Inf at a rate of 0; NaN, which never fires, at a depth of 0)
      return [
        '(',
        `  (${depth} > 0 unless ${clients} > 0) * +Inf`,
        '  or',
        `  ${p99}`,
        '  or',
        `  ${depth} / ${consumed}`,
        `) > ${T}`,
      ].join('\n');
    }
    case 'failure_rate':
    case 'retry_rate': {
      const m = channels();
      const window = promDuration(r.window_ms);
      const counted = r.kind === 'failure_rate' ? 'nsq_channel_timeout_count_total' : 'nsq_channel_requeue_count_total';
      const increase = (metric: string) => overNodes('sum', `increase(${selector(metric, m)}[${window}])`);
      // too few messages to say anything: 1 requeue out of 2 is not a 50 % retry rate
      const minMessages = Math.max(1, r.min_messages);
      return [
        increase(counted),
        '/',
        `(${increase('nsq_channel_message_count_total')} >= ${minMessages})`,
        `> ${T}`,
      ].join('\n');
    }
    case 'node_down':
      return 'max without (instance, job) (nsq_node_up) == 0';
    case 'lookupd_disagree':
      throw new Untranslatable(
        '/metrics says whether each nsqlookupd answers (nsq_lookupd_up), not which nodes and topics each ' +
          'one lists, and a disagreement is a difference between those lists',
      );
  }
}

/** The alert's words, as the console's (tracker.ts), with Prometheus's value filled in. */
function summary(r: AlertRule): string {
  const threshold = formatRuleValue(r.kind, r.threshold);
  switch (r.kind) {
    case 'backlog':
      return `backlog {{ printf "%.0f" $value }} > ${threshold}`;
    case 'consume_delay':
      return `consume delay {{ humanizeDuration $value }} > ${threshold}`;
    case 'failure_rate':
    case 'retry_rate':
      return `${r.kind.replace('_', ' ')} {{ humanizePercentage $value }} > ${threshold}`;
    default:
      // node_down (lookupd_disagree is never exported)
      return 'node {{ $labels.node }} not answering';
  }
}
