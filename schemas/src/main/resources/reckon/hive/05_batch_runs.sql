-- One row per batch run (appended with INSERT INTO), including failed and refused ones. Columns are only ever
-- added at the end: provisioning adds them to a table of an older stack (ALTER TABLE ... ADD COLUMNS), and the
-- batch layer writes rows by position.
CREATE TABLE IF NOT EXISTS ${hive.database}.batch_runs (
  run_id STRING,
  dt STRING COMMENT 'the day recomputed',
  status STRING COMMENT 'SUCCEEDED, FAILED or REFUSED',
  forced BOOLEAN COMMENT 'true when run with --force over incomplete hours',
  started_at BIGINT COMMENT 'epoch ms',
  finished_at BIGINT COMMENT 'epoch ms',
  duration_ms BIGINT,
  input_rows BIGINT COMMENT 'raw records read',
  valid_rows BIGINT,
  invalid_rows BIGINT,
  duplicate_rows BIGINT COMMENT 'valid records whose event_id an earlier valid record had',
  output_rows BIGINT COMMENT 'rows written to ad_stats_minute_exact',
  total_impressions BIGINT,
  total_clicks BIGINT,
  spend_micros_by_currency MAP<STRING, BIGINT>,
  max_offset_by_partition MAP<INT, BIGINT> COMMENT 'highest ad-events offset read per partition (lineage)',
  message STRING,
  repeated_positions BIGINT COMMENT 'archive rows dropped because their ad-events position (partition, offset) was archived more than once: each position counts once'
)
COMMENT 'batch layer runs'
STORED AS PARQUET
