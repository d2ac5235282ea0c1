-- batch_runs exactly as the main before repeated_positions provisioned it (commit ac58912): the upgrade test starts from it.
-- One row per batch run (appended with INSERT INTO), including failed and refused ones.
CREATE TABLE IF NOT EXISTS reckon.batch_runs (
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
  message STRING
)
COMMENT 'batch layer runs'
STORED AS PARQUET
