/**
 * The issues a digest run touched, as the alert evaluator reads them (alerts/evaluate): the issue
 * as the run leaves it, the run's events of it, and whether the run created or reopened it.
 */

import type { AlertEvent, IssueTouch } from '../alerts/evaluate/alert-subject.js';
import type { DigestContext } from './digest-context.js';
import type { NormalizedEvent } from './normalize-event.js';
import { tagValue } from './tags.js';

function alertEvent(e: NormalizedEvent): AlertEvent {
  return {
    eventId: e.eventId,
    timestamp: e.timestamp,
    level: e.level,
    environment: e.environment,
    release: e.release,
    transaction: e.transaction,
    route: tagValue(e.tags, 'route') ?? null,
    category: tagValue(e.tags, 'category') ?? null,
    tags: e.tags,
    requestId: e.requestId,
    traceId: e.traceId,
    service: e.service,
  };
}

/**
 * Each touch's events are converted when the evaluator first reads them: it does not for an issue
 * of a project without rules, and most commits have none to evaluate.
 * @example await evaluateIssueAlerts(ctx.tx, alertTouches(ctx), now)
 */
export function alertTouches(ctx: DigestContext): IssueTouch[] {
  const created = new Set(ctx.result.newIssues);
  const reopened = new Set(ctx.result.regressedIssues);
  return [...ctx.touched.values()].map(({ issue, events }) => {
    let converted: AlertEvent[] | undefined;
    return {
      issue,
      get events() {
        converted ??= events.map(alertEvent);
        return converted;
      },
      isNew: created.has(issue.id),
      regressed: reopened.has(issue.id),
    };
  });
}
