/**
 * The issues a digest run touched, as the alert evaluator reads them (alerts/evaluate): the issue
 * as the run leaves it, the run's events of it, and whether the run created or reopened it.
 */

import type { AlertEvent, IssueTouch } from '../alerts/evaluate/alert-subject.js';
import type { IssueRecord } from '../store/records.js';
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

/** A touch whose events are converted when first read (a class: one shape for every touch). */
class DigestTouch implements IssueTouch {
  #converted: AlertEvent[] | undefined;

  constructor(
    readonly issue: IssueRecord,
    private readonly stored: readonly NormalizedEvent[],
    readonly isNew: boolean,
    readonly regressed: boolean,
  ) {}

  get events(): readonly AlertEvent[] {
    this.#converted ??= this.stored.map(alertEvent);
    return this.#converted;
  }
}

/**
 * Each touch's events are converted when the evaluator first reads them: it does not for an issue
 * of a project without rules, and most commits have none to evaluate.
 * @example await evaluateIssueAlerts(ctx.tx, alertTouches(ctx), now)
 */
export function alertTouches(ctx: DigestContext): IssueTouch[] {
  const created = new Set(ctx.result.newIssues);
  const reopened = new Set(ctx.result.regressedIssues);
  return [...ctx.touched.values()].map(
    ({ issue, events }) => new DigestTouch(issue, events, created.has(issue.id), reopened.has(issue.id)),
  );
}
