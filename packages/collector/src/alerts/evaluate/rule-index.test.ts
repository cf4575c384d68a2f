// The index must select exactly the rules the per-rule trigger test selects, for every change a
// touch can carry, group them by equal filters, and be built once per rules array.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectId } from '../../store/ids.js';
import { parseAlertRule } from '../rules/parse-rule.js';
import type { ActiveAlertRule, AlertFilters, AlertTrigger } from '../rules/rule-types.js';
import { triggerHappened } from './evaluate-issues.js';
import { groupsFor, issueRuleIndex } from './rule-index.js';

function rule(id: number, trigger: AlertTrigger, filters: AlertFilters = {}): ActiveAlertRule {
  return {
    ...parseAlertRule({
      name: `rule ${id}`,
      trigger,
      filters,
      channels: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
    }),
    id,
    projectId: 1 as ProjectId,
    projectName: 'api',
    createdAt: 0,
    updatedAt: 0,
  };
}

const RULES = [
  rule(1, { type: 'new-issue' }, { environment: 'staging' }),
  rule(2, { type: 'regression' }),
  rule(3, { type: 'frequency', count: 10, windowMinutes: 5 }),
  rule(4, { type: 'new-issue' }),
  rule(5, { type: 'frequency', count: 100, windowMinutes: 60 }, { level: 'fatal' }),
  rule(6, { type: 'frequency', count: 1000, windowMinutes: 60 }),
  rule(7, { type: 'new-issue' }, { environment: 'staging' }),
  rule(8, { type: 'route-5xx-rate', threshold: 0.05, windowMinutes: 5, minRequests: 10 }),
];

test('for every change, the index selects the rules whose trigger happened, grouped by equal filters', () => {
  const index = issueRuleIndex(RULES);
  for (const isNew of [false, true])
    for (const regressed of [false, true]) {
      const touch = { isNew, regressed };
      const groups = groupsFor(index, touch);
      const selected = groups.flatMap((g) => g.rules.map((r) => r.id)).sort((a, b) => a - b);
      const expected = RULES.filter((r) => triggerHappened(r.trigger, touch)).map((r) => r.id);
      assert.deepEqual(selected, expected, JSON.stringify(touch));
      for (const g of groups) {
        assert.ok(g.rules.every((r) => JSON.stringify(r.filters) === JSON.stringify(g.filters)));
        assert.ok(g.rules.every((r) => r.trigger.type === g.rules[0]?.trigger.type));
      }
    }
  // Rules 1 and 7 share their trigger and filters: one group, one filter test per touch.
  const fresh = groupsFor(index, { isNew: true, regressed: false });
  assert.ok(fresh.some((g) => g.rules.map((r) => r.id).join() === '1,7'));
});

test('the index is built once per rules array, and again for a new one', () => {
  assert.strictEqual(issueRuleIndex(RULES), issueRuleIndex(RULES));
  assert.notStrictEqual(issueRuleIndex([...RULES]), issueRuleIndex(RULES));
  assert.equal(groupsFor(issueRuleIndex([]), { isNew: true, regressed: true }).length, 0);
});
