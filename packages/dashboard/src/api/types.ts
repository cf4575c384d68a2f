/**
 * The read API's JSON as the dashboard uses it (see the collector's /api/v1/openapi.json;
 * test/openapi-contract.test.ts checks the client against it). Event payloads are
 * attacker-controlled Sentry events, so everything inside `payload` is `unknown` until read
 * through the guards in event-data.ts.
 */

export type IssueStatus = 'unresolved' | 'resolved' | 'resolved_in_next_release' | 'ignored';

export interface Issue {
  id: number;
  projectId: number;
  title: string;
  culprit: string;
  level: string;
  status: IssueStatus;
  regressed: boolean;
  firstSeen: string;
  lastSeen: string;
  count: number;
  usersAffected: number;
  releases: string[];
  environments: string[];
}

export interface EventRecord {
  eventId: string;
  issueId: number;
  timestamp: string;
  receivedAt: string;
  level: string;
  title: string;
  release: string | null;
  environment: string;
  requestId: string | null;
  traceId: string | null;
  service: string | null;
  transaction: string | null;
  payload: Record<string, unknown>;
}

export interface IssueWithEvent extends Issue {
  latestEvent: EventRecord | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Key {
  publicKey: string;
  projectId: number;
  enabled: boolean;
  dsn: string;
}

export interface Session {
  csrfToken: string;
  expiresAt: string;
}
