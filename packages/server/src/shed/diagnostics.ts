/**
 * The shedder's state changes on a diagnostics channel: a shed request is not logged nor
 * reported (thousands of lines a second would feed the overload they describe), so this is
 * where operators hear about it, once per episode.
 */

import diagnostics from 'node:diagnostics_channel';
import type { SignalName } from './pressure.js';

export type ShedState = 'ok' | 'shedding';

export interface ShedStateMessage {
  /** 'shedding': some signal passed its threshold; 'ok': none has for SHED_SETTLE_MS. */
  state: ShedState;
  /** Share of new requests being refused now, 0–1. */
  probability: number;
  /** The worst signal when shedding started (undefined on 'ok'). */
  signal: SignalName | undefined;
  eventLoopDelayMs: number;
  eventLoopUtilization: number;
  heapUsedBytes: number;
  /** On 'ok': requests refused during the episode, and how long it lasted. */
  shed?: number;
  durationMs?: number;
}

export const shedChannels = {
  state: diagnostics.channel('faultline:shed:state'),
};
