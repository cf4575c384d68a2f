/**
 * What a rule's conditions look at, read once per event (only in projects with rules): the types
 * and values of every exception of the chain and the message, the module or file name and the
 * function of every in-app frame, the tags and the level. Texts are cut at
 * MAX_RULE_MATCH_TEXT_CHARS, frames at MAX_RULE_MATCH_FRAMES (the newest).
 */

import type { SentryEvent } from '@faultline/core';
import { field, obj } from '../digest/read.js';
import type { TagPair } from '../digest/tags.js';
import { exceptionList, messageOf } from '../digest/title.js';
import { MAX_NAME_LENGTH, MAX_RULE_MATCH_FRAMES, MAX_RULE_MATCH_TEXT_CHARS } from '../limits.js';

export interface RuleSubject {
  types: string[];
  messages: string[];
  /** Module and file name of each in-app frame (a module condition matches either). */
  modules: string[];
  functions: string[];
  tags: readonly TagPair[];
  level: string;
}

function inAppFrames(value: unknown): Record<string, unknown>[] {
  const frames = obj(value, 'stacktrace')?.frames;
  if (!Array.isArray(frames)) return [];
  return frames.filter(
    (f): f is Record<string, unknown> => typeof f === 'object' && f !== null && f.in_app === true,
  );
}

/**
 * @example ruleSubject(event, eventTags(event), 'error').types // ['TypeError']
 */
export function ruleSubject(event: SentryEvent, tags: readonly TagPair[], level: string): RuleSubject {
  const exceptions = exceptionList(event);
  const types: string[] = [];
  const messages: string[] = [];
  const modules: string[] = [];
  const functions: string[] = [];
  for (const ex of exceptions) {
    const type = field(ex, 'type', MAX_NAME_LENGTH);
    if (type !== undefined) types.push(type);
    const value = field(ex, 'value', MAX_RULE_MATCH_TEXT_CHARS);
    if (value !== undefined) messages.push(value);
  }
  const message = messageOf(event, MAX_RULE_MATCH_TEXT_CHARS);
  if (message !== undefined) messages.push(message);
  const frames = exceptions.flatMap(inAppFrames).slice(-MAX_RULE_MATCH_FRAMES);
  for (const frame of frames) {
    for (const key of ['module', 'filename'])
      if (typeof frame[key] === 'string') modules.push(field(frame, key, MAX_NAME_LENGTH) ?? '');
    const fn = field(frame, 'function', MAX_NAME_LENGTH);
    if (fn !== undefined) functions.push(fn);
  }
  return { types, messages, modules: modules.filter((m) => m !== ''), functions, tags, level };
}
