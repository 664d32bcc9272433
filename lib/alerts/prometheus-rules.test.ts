import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { globRegex, promDuration, prometheusRules, prometheusRulesYaml } from './prometheus-rules';
import { DEFAULT_RULES, resolveRules } from './rules';

const rulesFrom = (...tables: Record<string, unknown>[]) =>
  resolveRules(tables.map((table) => ({ table, source: 'test.toml' })));
const exprOf = (name: string, ...tables: Record<string, unknown>[]) =>
  prometheusRules(rulesFrom(...tables)).rules.find((r) => r.alert === name)?.expr;

const NOT_EPHEMERAL = 'topic!~".*#ephemeral",channel!~".*#ephemeral"';

describe('the default rules as a Prometheus rules file', () => {
  const file = prometheusRulesYaml(DEFAULT_RULES);
  const doc = parse(file) as { groups: { name: string; rules: Record<string, unknown>[] }[] };
  const byName = (name: string) => doc.groups[0]?.rules.find((r) => r.alert === name);

  it('has one group with every rule PromQL can say, labelled as the console labels its alerts', () => {
    expect(doc.groups.map((g) => g.name)).toEqual(['nsq-console']);
    expect(doc.groups[0]?.rules.map((r) => r.alert)).toEqual([
      'backlog',
      'consume_delay',
      'failure_rate',
      'retry_rate',
      'node_down',
    ]);
    expect(byName('backlog')).toMatchObject({
      for: '1m',
      labels: { severity: 'warning', kind: 'backlog', source: 'nsq-console' },
      annotations: { summary: 'backlog {{ printf "%.0f" $value }} > 10,000' },
    });
    expect(byName('retry_rate')?.annotations).toEqual({
      summary: 'retry rate {{ humanizePercentage $value }} > 20.0 %',
    });
    expect(byName('consume_delay')?.annotations).toEqual({
      summary: 'consume delay {{ humanizeDuration $value }} > 5m',
    });
  });

  it('says in a comment why lookupd_disagree is left out', () => {
    expect(file).toMatch(/^# Left out: lookupd_disagree: \/metrics says whether each nsqlookupd answers/m);
    expect(byName('lookupd_disagree')).toBeUndefined();
  });

  it('sums a channel’s depth over nodes, and takes a topic’s own depth when it has no channels', () => {
    expect(byName('backlog')?.expr).toBe(
      [
        `sum without (node) (max without (instance, job) (nsq_channel_depth{${NOT_EPHEMERAL}})) > 10000`,
        'or',
        '(sum without (node) (max without (instance, job) (nsq_topic_depth{topic!~".*#ephemeral"}))' +
          ' unless count without (instance, job, node, channel) (nsq_channel_depth)) > 10000',
      ].join('\n'),
    );
  });

  it('divides timeouts and requeues by messages over the window, from min_messages on', () => {
    const increase = (metric: string) =>
      `sum without (node) (max without (instance, job) (increase(${metric}{${NOT_EPHEMERAL}}[5m])))`;
    expect(byName('failure_rate')?.expr).toBe(
      [
        increase('nsq_channel_timeout_count_total'),
        '/',
        `(${increase('nsq_channel_message_count_total')} >= 20)`,
        '> 0.05',
      ].join('\n'),
    );
    expect(byName('retry_rate')?.expr).toBe(
      [
        increase('nsq_channel_requeue_count_total'),
        '/',
        `(${increase('nsq_channel_message_count_total')} >= 20)`,
        '> 0.2',
      ].join('\n'),
    );
  });

  it('takes no consumer with messages waiting as never draining, then nsqd’s p99, then depth over consume rate', () => {
    const lines = String(byName('consume_delay')?.expr).split('\n');
    const depth = `sum without (node) (max without (instance, job) (nsq_channel_depth{${NOT_EPHEMERAL}}))`;
    expect(lines[1]).toBe(
      `  (${depth} > 0 unless sum without (node) (max without (instance, job) (nsq_channel_client_count{${NOT_EPHEMERAL}})) > 0) * +Inf`,
    );
    expect(lines[3]).toBe(
      `  avg without (node, quantile) (max without (instance, job) (nsq_channel_e2e_processing_latency_seconds{${NOT_EPHEMERAL},quantile="0.99"}))`,
    );
    const over = (metric: string) => `${metric}{${NOT_EPHEMERAL}}[120s]`;
    expect(lines[5]).toBe(
      `  ${depth} / sum without (node) (max without (instance, job) (clamp_min(rate(${over('nsq_channel_message_count_total')})` +
        ` - (delta(${over('nsq_channel_depth')}) + delta(${over('nsq_channel_in_flight_count')})` +
        ` + delta(${over('nsq_channel_deferred_count')})) / 120, 0)))`,
    );
    expect(lines.at(-1)).toBe(') > 300');
  });

  it('fires node_down at once for an nsqd that does not answer', () => {
    expect(byName('node_down')).toMatchObject({
      expr: 'max without (instance, job) (nsq_node_up) == 0',
      labels: { severity: 'critical', kind: 'node_down' },
      annotations: { summary: 'node {{ $labels.node }} not answering' },
    });
    expect(byName('node_down')).not.toHaveProperty('for');
  });
});

describe('a rule’s scope, thresholds and durations', () => {
  it('turns globs into anchored regexes and keeps #ephemeral names when asked', () => {
    const expr = exprOf('eu-backlog', {
      name: 'eu-backlog',
      kind: 'backlog',
      topic: 'orders.{eu,us}-*',
      channel: 'bill?ng',
      ephemeral: true,
      threshold: 50,
    });
    expect(expr).toBe(
      [
        'sum without (node) (max without (instance, job) (nsq_channel_depth{topic=~"orders\\\\.(?:eu|us)-.*",channel=~"bill.ng"})) > 50',
        'or',
        '(sum without (node) (max without (instance, job) (nsq_topic_depth{topic=~"orders\\\\.(?:eu|us)-.*"}))' +
          ' unless count without (instance, job, node, channel) (nsq_channel_depth)) > 50',
      ].join('\n'),
    );
  });

  it('compares a plain name as it is, and a negated glob with !~', () => {
    const expr = exprOf('audit', { name: 'audit', kind: 'retry_rate', topic: 'audit', channel: '!tmp-*' });
    expect(expr).toContain(
      'increase(nsq_channel_requeue_count_total{topic="audit",topic!~".*#ephemeral",channel!~"tmp-.*",channel!~".*#ephemeral"}[5m])',
    );
  });

  it('measures ratios over the rule’s window and never over fewer than one message', () => {
    const expr = exprOf('slow-failures', {
      name: 'slow-failures',
      kind: 'failure_rate',
      threshold: 0.125,
      window: '1h30m15s',
      min_messages: 0,
      for: '90s',
    });
    expect(expr).toContain(`increase(nsq_channel_timeout_count_total{${NOT_EPHEMERAL}}[1h30m15s])`);
    expect(expr).toContain('[1h30m15s]))) >= 1)\n> 0.125');
    expect(
      prometheusRules(rulesFrom({ name: 'slow-failures', kind: 'failure_rate', for: '90s' })).rules.at(-1)?.for,
    ).toBe('1m30s');
  });

  it('leaves out a rule whose glob RE2 cannot say, naming it, and keeps the others', () => {
    const rules = rulesFrom({ name: 'odd', kind: 'backlog', topic: '+(a|b)' });
    const { rules: out, leftOut } = prometheusRules(rules);
    expect(out.map((r) => r.alert)).not.toContain('odd');
    expect(out.map((r) => r.alert)).toContain('backlog');
    expect(leftOut.map((l) => l.rule)).toEqual(['lookupd_disagree', 'odd']);
    expect(prometheusRulesYaml(rules)).toContain('# Left out: odd: the extglob in "+(a|b)" has no PromQL form here');
  });

  it('writes durations as Prometheus parses them', () => {
    expect([0, 500, 1000, 60_000, 90_000, 3_600_000, 5_415_250].map(promDuration)).toEqual([
      '0s',
      '500ms',
      '1s',
      '1m',
      '1m30s',
      '1h',
      '1h30m15s250ms',
    ]);
  });
});

describe('globRegex', () => {
  // names as NSQ allows them: letters, digits, ".", "_", "-", and a "#ephemeral" suffix
  const names = [
    'orders',
    'orders.eu',
    'orders.us-1',
    'orders.eu-2#ephemeral',
    'ordersXeu',
    'billing',
    'bill.ng',
    'a',
    'b',
    'c',
    'ab',
    'abc',
    '_x-y.z',
    'x1',
    'x9',
    'x10',
    '!a',
    'tmp-1',
    'tmp_1',
  ];
  const globs = [
    '*',
    '**',
    'orders*',
    'orders.*',
    'orders.{eu,us}*',
    'orders.{eu,{us,ca}-1}',
    '{a,b}',
    '{,a}b',
    'a?c',
    '?',
    '[ab]',
    '[a-c]*',
    '[^a]*',
    '[!a]*',
    '[]a]',
    'x[0-9]',
    'x[[:digit:]]*',
    '*#ephemeral',
    '!tmp-*',
    '!!a',
    'tmp\\-1',
    'orders\\.eu',
    '{a}',
    'a{b',
    'a|b',
    '[a',
    'a+b',
    '_x-y.z',
  ];
  // the regex in JavaScript's syntax, where RE2's and JavaScript's agree (POSIX classes aside)
  const jsMatch = (glob: string, name: string) => {
    const { regex, negated } = globRegex(glob);
    const posixFree = regex.replace(/\[:digit:\]/g, '0-9');
    return new RegExp(`^(?:${posixFree})$`).test(name) !== negated;
  };

  it.each(globs)('matches what picomatch matches for %j', (glob) => {
    const pm = picomatch(glob, { dot: true });
    expect(names.filter((n) => jsMatch(glob, n))).toEqual(names.filter((n) => pm(n)));
  });

  it('keeps POSIX classes, which RE2 has, and refuses ranges and extglobs', () => {
    expect(globRegex('x[[:digit:]]')).toEqual({ regex: 'x[[:digit:]]', negated: false });
    expect(() => globRegex('x{1..3}')).toThrow('the range {1..3} in the glob "x{1..3}" has no PromQL form here');
    expect(() => globRegex('!(tmp)')).toThrow('RE2 has no lookaround');
  });
});
