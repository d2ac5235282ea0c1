-- One row each time a day becomes FINAL (appended with INSERT INTO). The current FINAL state of a day is its row
-- with the highest final_version. A day reconciled again after late events gets a new row with a higher version.
-- Lineage: the batch run(s) that computed the truth and the highest archived ad-events offset per partition they
-- read, so every final number can be reproduced. A raw_ad_events row of the day above that offset reopens the day.
-- Columns are only ever added at the end (provisioning adds them to an older stack's table; rows go in by position).
CREATE TABLE IF NOT EXISTS ${hive.database}.final_days (
  dt STRING COMMENT 'the billing day',
  final_version BIGINT COMMENT '2^62 + run_sequence of the reconciliation run, every Pinot row of the day is at or below it',
  run_sequence BIGINT,
  reconciliation_run_id STRING,
  batch_run_id STRING COMMENT 'the batch run(s) whose rows are final, comma-separated',
  max_offset_by_partition MAP<INT, BIGINT> COMMENT 'highest ad-events offset the batch read per partition (lineage)',
  previous_final_version BIGINT COMMENT 'the FINAL version this one replaces, null for the first',
  keys_changed BIGINT COMMENT 'rows published by the run that made this version',
  exact_keys BIGINT,
  total_impressions BIGINT,
  total_clicks BIGINT,
  spend_micros_by_currency MAP<STRING, BIGINT>,
  finalized_at BIGINT COMMENT 'epoch ms',
  forced BOOLEAN COMMENT 'true: the batch run(s) behind it were forced over incomplete hours and reconcile was told to accept that (--accept-forced), null in rows of older stacks (none was)'
)
COMMENT 'days whose Pinot numbers equal the exact batch result'
STORED AS PARQUET
