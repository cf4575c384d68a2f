/**
 * A project's fingerprint rules (Sentry's "fingerprint rules", once "server-side
 * fingerprinting"): an ordered list, the first rule whose conditions all hold sets the event's
 * fingerprint and/or title at digest, without any SDK redeployed.
 */

/** A tag condition: the event carries tag `key` with a value matching the glob `value`. */
export interface TagCondition {
  key: string;
  value: string;
}

/** What a rule matches; every given condition must hold. Globs: `*` any run, case-insensitive. */
export interface FingerprintMatcher {
  /** The type of any exception of the chain. */
  type?: string;
  /** Any exception's value, or the message. */
  message?: string;
  /** The module or file name of any in-app frame. */
  module?: string;
  /** The function of any in-app frame. */
  function?: string;
  /** Tags the event carries (each must match). */
  tags?: TagCondition[];
  /** The event's level (`error`, `warning`…). */
  level?: string;
}

/** One rule: a matcher and what it sets (at least one of the two). */
export interface FingerprintRule {
  match: FingerprintMatcher;
  /** Entries hashed as an SDK `fingerprint` array is; `{{ default }}` is the fingerprint the event
   * would get, `{{ type }}`, `{{ function }}`, `{{ module }}`, `{{ tags.KEY }}`, `{{ message }}` fill in. */
  fingerprint?: string[];
  /** A fixed title for the issue. */
  title?: string;
}

/** No rules: the default of every project. */
export const NO_FINGERPRINT_RULES: readonly FingerprintRule[] = Object.freeze([]);

/** Which rule set an event's fingerprint or title, as the stored event records it. */
export interface MatchedRule {
  /** 1-based position in the project's list when the event was digested. */
  index: number;
  /** The rule in words (`type:DatabaseError* -> database-error`). */
  text: string;
  fingerprint?: string[];
  title?: string;
}
