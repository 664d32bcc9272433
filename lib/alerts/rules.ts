// Health rules: what counts as wrong in an NSQ cluster. The defaults are NSQ's own production
// monitoring guidance (backlog > 10,000 messages, consume delay > 5 minutes, failure rate > 5 %, retry
// rate > 20 %), plus a node that stops answering and nsqlookupds that disagree. Operators override a
// default by giving a rule of the same name, or add their own, in TOML `[[alert]]` tables (the
// --alert-rules file or the --config file). Validated once at start-up: a bad rule names itself, the
// field and the reason.
import picomatch from 'picomatch';
import { z } from 'zod';
import { parseDuration } from '../duration';
import { RULE_UNITS } from './units';

export const RULE_KINDS = [
  'backlog',
  'consume_delay',
  'failure_rate',
  'retry_rate',
  'node_down',
  'lookupd_disagree',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A rule as the evaluator uses it: plain data, so the resolved configuration can carry it. */
export interface AlertRule {
  name: string;
  kind: RuleKind;
  /** glob over topic names (`*`, `orders.*`, `{a,b}`) */
  topic: string;
  /** glob over channel names */
  channel: string;
  /** whether `#ephemeral` topics and channels are watched */
  ephemeral: boolean;
  /** messages, seconds or a ratio (0.05 = 5 %), by kind; unused by node_down and lookupd_disagree */
  threshold: number;
  /** how long the condition must hold before the alert fires, ms */
  for_ms: number;
  /** the span failure_rate and retry_rate are measured over, ms */
  window_ms: number;
  /** a rate over fewer messages than this does not fire: no alert from 1 requeue out of 2 */
  min_messages: number;
  severity: Severity;
}

const MINUTE = 60_000;

export const DEFAULT_RULES: readonly AlertRule[] = [
  rule('backlog', 10_000, 'warning'),
  rule('consume_delay', 300, 'warning'),
  rule('failure_rate', 0.05, 'warning'),
  rule('retry_rate', 0.2, 'warning'),
  { ...rule('node_down', 0, 'critical'), for_ms: 0 },
  rule('lookupd_disagree', 0, 'warning'),
];

function rule(kind: RuleKind, threshold: number, severity: Severity): AlertRule {
  return {
    name: kind,
    kind,
    topic: '*',
    channel: '*',
    ephemeral: false,
    threshold,
    for_ms: MINUTE,
    window_ms: 5 * MINUTE,
    min_messages: 20,
    severity,
  };
}

const duration = z.string().transform((s, ctx) => {
  const ms = parseDuration(s);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration such as "30s", "5m" or "1h"` });
    return z.NEVER;
  }
  return ms;
});

const glob = z
  .string()
  .min(1, 'must not be empty')
  .refine((g) => {
    try {
      picomatch.makeRe(g);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid glob');

/** One `[[alert]]` table. Fields left out come from the default rule of the same name, or of its kind. */
const ruleTable = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", ".", ":" or "-"')
    .optional(),
  kind: z.enum(RULE_KINDS).optional(),
  enabled: z.boolean().optional(),
  topic: glob.optional(),
  channel: glob.optional(),
  ephemeral: z.boolean().optional(),
  threshold: z.number().nonnegative('must be 0 or more').optional(),
  for: duration.optional(),
  window: duration.optional(),
  min_messages: z.number().int('must be a whole number').nonnegative('must be 0 or more').optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export class AlertRulesError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'AlertRulesError';
  }
}

/** A rule in force, as the resolved configuration carries it from the launcher to the server. */
export const alertRuleSchema = z.object({
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  topic: z.string(),
  channel: z.string(),
  ephemeral: z.boolean(),
  threshold: z.number(),
  for_ms: z.number(),
  window_ms: z.number(),
  min_messages: z.number(),
  severity: z.enum(SEVERITIES),
}) satisfies z.ZodType<AlertRule>;

/** One `[[alert]]` table as read from a file, and where it was read. */
export interface RuleTable {
  table: unknown;
  source: string;
}

/**
 * The rules in force: the defaults, with the `[[alert]]` tables, in order, replacing a default of the
 * same name, switching it off (`enabled = false`) or adding a rule. Throws AlertRulesError naming each
 * bad rule, its field and why.
 */
export function resolveRules(tables: readonly RuleTable[]): AlertRule[] {
  const rules = new Map(DEFAULT_RULES.map((r) => [r.name, r]));
  const problems: string[] = [];
  const seen = new Set<string>();
  tables.forEach(({ table, source }, i) => {
    const label = (name: unknown) =>
      `${source}: alert rule ${typeof name === 'string' ? JSON.stringify(name) : `#${i + 1}`}`;
    const parsed = ruleTable.safeParse(table);
    if (!parsed.success) {
      const name = typeof table === 'object' && table !== null ? (table as { name?: unknown }).name : undefined;
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.') || 'the table';
        problems.push(`${label(name)}: ${field}: ${issue.message}`);
      }
      return;
    }
    const t = parsed.data;
    const name = t.name ?? t.kind;
    if (name === undefined) {
      problems.push(`${label(undefined)}: name: a rule needs a name or a kind`);
      return;
    }
    if (seen.has(name)) {
      problems.push(`${label(name)}: name: given twice`);
      return;
    }
    seen.add(name);
    const base = rules.get(name) ?? (t.kind ? DEFAULT_RULES.find((d) => d.kind === t.kind) : undefined);
    if (!base) {
      problems.push(`${label(name)}: kind: a new rule needs one of ${RULE_KINDS.join(', ')}`);
      return;
    }
    if (t.kind && rules.has(name) && t.kind !== base.kind) {
      problems.push(`${label(name)}: kind: the default rule "${name}" is a ${base.kind} rule`);
      return;
    }
    if (t.enabled === false) {
      rules.delete(name);
      return;
    }
    const merged: AlertRule = {
      ...base,
      name,
      topic: t.topic ?? base.topic,
      channel: t.channel ?? base.channel,
      ephemeral: t.ephemeral ?? base.ephemeral,
      threshold: t.threshold ?? base.threshold,
      for_ms: t.for ?? base.for_ms,
      window_ms: t.window ?? base.window_ms,
      min_messages: t.min_messages ?? base.min_messages,
      severity: t.severity ?? base.severity,
    };
    if (RULE_UNITS[merged.kind] === 'ratio' && merged.threshold > 1) {
      problems.push(`${label(name)}: threshold: a ${merged.kind} threshold is a ratio from 0 to 1 (0.05 = 5 %)`);
      return;
    }
    if (merged.window_ms < 1000) {
      problems.push(`${label(name)}: window: must be at least 1s`);
      return;
    }
    rules.set(name, merged);
  });
  if (problems.length > 0) throw new AlertRulesError(problems);
  return [...rules.values()];
}

/** Whether a rule watches a topic (and channel): its globs, and ephemeral names only when asked. */
export function ruleScope(r: AlertRule): (topic: string, channel: string | null) => boolean {
  const topicMatch = picomatch(r.topic, { dot: true });
  const channelMatch = picomatch(r.channel, { dot: true });
  return (topic, channel) => {
    if (!r.ephemeral && (topic.endsWith('#ephemeral') || channel?.endsWith('#ephemeral'))) return false;
    if (!topicMatch(topic)) return false;
    return channel === null || channelMatch(channel);
  };
}
