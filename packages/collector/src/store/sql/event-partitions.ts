/** What a store whose `events` are partitioned by time gives retention and the maintenance step. */
export interface EventPartitions {
  /** Makes the partitions of the day of `now` and EVENT_PARTITIONS_AHEAD_DAYS after it that are
   * missing; resolves to the names of those it made. */
  ensure(now: number): Promise<string[]>;
  /** Drops every partition whose rows are all older than `cutoff`, and deletes the rows older than
   * it that wait in a default partition; resolves to the rows gone. */
  dropOlderThan(cutoff: number): Promise<number>;
}
