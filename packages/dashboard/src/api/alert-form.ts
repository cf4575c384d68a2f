/**
 * The alert rule form's text ↔ the rule JSON the collector takes. The collector is the judge
 * of every value (its 400 names the field, and the form shows it there): a number that does not
 * read as one is sent as typed, so the answer says what is wrong with it instead of a second
 * set of rules here drifting from the collector's.
 */

import type {
  AlertChannelConfig,
  AlertChannelType,
  AlertFilters,
  AlertRule,
  AlertRuleBody,
  AlertTrigger,
  AlertTriggerType,
} from './alert-types.js';
import { listOf } from './project-settings.js';

/** One channel row of the form; `id` is the stored channel's (kept, so is its secret). */
export interface ChannelForm {
  id?: string;
  type: AlertChannelType;
  url: string;
  routingKey: string;
  /** Email addresses, one per line or comma-separated. */
  to: string;
  /** A stored webhook's masked secret, shown for telling channels apart; never sent. */
  maskedSecret?: string;
}

export interface AlertRuleForm {
  name: string;
  triggerType: AlertTriggerType;
  count: string;
  windowMinutes: string;
  threshold: string;
  minRequests: string;
  objective: string;
  environment: string;
  release: string;
  route: string;
  level: string;
  category: string;
  /** `key=value`, one per line. */
  tags: string;
  channels: ChannelForm[];
  actionIntervalMinutes: string;
}

/** The form's text fields (the others are the trigger type and the channels). */
export type AlertFormText = Exclude<keyof AlertRuleForm, 'channels' | 'triggerType'>;

/**
 * Each text field's path in the rule JSON: where the collector's 400 names it.
 * @example RULE_FIELD_OF.count // 'trigger.count'
 */
export const RULE_FIELD_OF: Record<AlertFormText, string> = {
  name: 'name',
  count: 'trigger.count',
  windowMinutes: 'trigger.windowMinutes',
  threshold: 'trigger.threshold',
  minRequests: 'trigger.minRequests',
  objective: 'trigger.objective',
  environment: 'filters.environment',
  release: 'filters.release',
  route: 'filters.route',
  level: 'filters.level',
  category: 'filters.category',
  tags: 'filters.tags',
  actionIntervalMinutes: 'actionIntervalMinutes',
};

/** @example emptyChannel('email') // { type: 'email', url: '', routingKey: '', to: '' } */
export function emptyChannel(type: AlertChannelType = 'webhook'): ChannelForm {
  return { type, url: '', routingKey: '', to: '' };
}

/**
 * A new rule's form: a new-issue rule with one webhook channel to fill in.
 * @example emptyRuleForm().triggerType // 'new-issue'
 */
export function emptyRuleForm(): AlertRuleForm {
  return {
    name: '',
    triggerType: 'new-issue',
    count: '',
    windowMinutes: '',
    threshold: '',
    minRequests: '',
    objective: '',
    environment: '',
    release: '',
    route: '',
    level: '',
    category: '',
    tags: '',
    channels: [emptyChannel()],
    actionIntervalMinutes: '',
  };
}

/** A number as typed: a number when it reads as one, else the text, for the collector to refuse. */
function numberOf(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function triggerOf(form: AlertRuleForm): AlertTrigger {
  const window = numberOf(form.windowMinutes) as number;
  switch (form.triggerType) {
    case 'new-issue':
    case 'regression':
      return { type: form.triggerType };
    case 'frequency':
      return { type: 'frequency', count: numberOf(form.count) as number, windowMinutes: window };
    case 'route-5xx-rate':
      return {
        type: 'route-5xx-rate',
        threshold: numberOf(form.threshold) as number,
        windowMinutes: window,
        minRequests: numberOf(form.minRequests) as number,
      };
    case 'slo-burn':
      return { type: 'slo-burn', objective: numberOf(form.objective) as number };
    default: {
      const never: never = form.triggerType;
      return never;
    }
  }
}

function channelOf(c: ChannelForm): AlertChannelConfig & { id?: string } {
  const id = c.id === undefined ? {} : { id: c.id };
  switch (c.type) {
    case 'webhook':
      // No secret: a new channel gets one made by the collector, a stored one keeps its own.
      return { type: 'webhook', url: c.url.trim(), ...id };
    case 'slack':
    case 'discord':
      return { type: c.type, url: c.url.trim(), ...id };
    case 'pagerduty':
      return { type: 'pagerduty', routingKey: c.routingKey.trim(), ...id };
    case 'email':
      return { type: 'email', to: listOf(c.to), ...id };
    default: {
      const never: never = c.type;
      return never;
    }
  }
}

function filtersOf(form: AlertRuleForm): AlertFilters {
  const filters: AlertFilters = {};
  const text = (v: string) => v.trim();
  if (text(form.environment)) filters.environment = text(form.environment);
  if (text(form.release)) filters.release = text(form.release);
  if (text(form.route)) filters.route = text(form.route);
  if (form.level) filters.level = form.level as AlertFilters['level'];
  if (text(form.category)) filters.category = text(form.category);
  const tags = form.tags
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tags.length > 0) filters.tags = tags;
  return filters;
}

/**
 * The JSON for POST (a new rule) or PATCH (all fields, so the form is what the rule becomes).
 * @example ruleFromForm({ ...emptyRuleForm(), name: 'New 500s', channels: [{ ...emptyChannel(), url: 'https://ops.example.com/hook' }] })
 * // { name: 'New 500s', trigger: { type: 'new-issue' }, filters: {}, channels: [{ type: 'webhook', url: 'https://ops.example.com/hook' }] }
 */
export function ruleFromForm(form: AlertRuleForm): Omit<AlertRuleBody, 'actionIntervalMinutes'> & {
  actionIntervalMinutes?: number;
} {
  const interval = form.actionIntervalMinutes.trim();
  return {
    name: form.name.trim(),
    trigger: triggerOf(form),
    filters: filtersOf(form),
    channels: form.channels.map(channelOf),
    ...(interval === '' ? {} : { actionIntervalMinutes: numberOf(interval) as number }),
  };
}

function channelForm(c: AlertRule['channels'][number]): ChannelForm {
  const row: ChannelForm = { ...emptyChannel(c.type), id: c.id };
  switch (c.type) {
    case 'webhook':
      return { ...row, url: c.url, ...(c.secret === undefined ? {} : { maskedSecret: c.secret }) };
    case 'slack':
    case 'discord':
      return { ...row, url: c.url };
    case 'pagerduty':
      return { ...row, routingKey: c.routingKey };
    case 'email':
      return { ...row, to: c.to.join('\n') };
    default: {
      const never: never = c;
      return never;
    }
  }
}

/**
 * A stored rule's form (to edit it): the inverse of ruleFromForm.
 * @example formFromRule(rule).triggerType // 'frequency'
 */
export function formFromRule(rule: AlertRule): AlertRuleForm {
  const t = rule.trigger;
  const f = rule.filters;
  return {
    ...emptyRuleForm(),
    name: rule.name,
    triggerType: t.type,
    count: t.type === 'frequency' ? String(t.count) : '',
    windowMinutes: t.type === 'frequency' || t.type === 'route-5xx-rate' ? String(t.windowMinutes) : '',
    threshold: t.type === 'route-5xx-rate' ? String(t.threshold) : '',
    minRequests: t.type === 'route-5xx-rate' ? String(t.minRequests) : '',
    objective: t.type === 'slo-burn' ? String(t.objective) : '',
    environment: f.environment ?? '',
    release: f.release ?? '',
    route: f.route ?? '',
    level: f.level ?? '',
    category: f.category ?? '',
    tags: (f.tags ?? []).join('\n'),
    channels: rule.channels.map(channelForm),
    actionIntervalMinutes: String(rule.actionIntervalMinutes),
  };
}

/** The fields a form shows an error beside; anything else shows at the top of the form. */
const FORM_FIELDS =
  /^(name|actionIntervalMinutes|trigger\.\w+|filters\.\w+|channels\[\d+\]\.(url|routingKey|to|type|secret|id))$/;

/**
 * Where a collector 400's `field` goes on the form: list items fold into their list's field
 * (`channels[1].to[0]` → `channels[1].to`, `filters.tags[2]` → `filters.tags`), and a field the
 * form has no place for (`''`, `channels`) goes to `form`.
 * @example formFieldOf('channels[1].to[0]') // 'channels[1].to'
 */
export function formFieldOf(field: string | undefined): string {
  if (field === undefined) return 'form';
  const folded = field.replace(/(\.(?:to|tags))\[\d+\]$/, '$1');
  return FORM_FIELDS.test(folded) ? folded : 'form';
}
