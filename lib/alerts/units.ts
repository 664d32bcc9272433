// A rule's value or threshold in its unit, as an operator reads it: "12,400", "5m", "33.3 %". One
// place, for the alerts' summaries, the rules export's and the Alerts page; free of the rules' parsing
// libraries, so the browser can import it.
import { formatDuration } from '../duration';
import { formatCount } from '../format';
import type { RuleKind } from './rules';

/** What a rule's threshold is measured in. */
export const RULE_UNITS: Record<RuleKind, 'messages' | 'seconds' | 'ratio' | 'none'> = {
  backlog: 'messages',
  consume_delay: 'seconds',
  failure_rate: 'ratio',
  retry_rate: 'ratio',
  node_down: 'none',
  lookupd_disagree: 'none',
};

export function formatRuleValue(kind: RuleKind, value: number): string {
  switch (RULE_UNITS[kind]) {
    case 'seconds':
      return Number.isFinite(value) ? formatDuration(Math.round(value) * 1000) : '∞ (nothing consumes)';
    case 'ratio':
      return `${(value * 100).toFixed(1)} %`;
    default:
      return formatCount(value);
  }
}
