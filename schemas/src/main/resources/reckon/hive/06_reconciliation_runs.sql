-- One row per reconciliation run (appended with INSERT INTO), failed ones included. run_sequence is one above
-- every earlier run (and above every batch version Pinot showed for the day): the rows of the run carry
-- version = 2^62 + run_sequence. Counts per class and drift come from the comparison BEFORE any correction,
-- residual_differences from the re-comparison after the corrections became visible.
CREATE TABLE IF NOT EXISTS ${hive.database}.reconciliation_runs (
  run_id STRING,
  run_sequence BIGINT,
  version BIGINT COMMENT 'batch version of the rows this run published: 2^62 + run_sequence',
  dt STRING COMMENT 'the day reconciled',
  outcome STRING COMMENT 'FINAL, ALREADY_FINAL, OPEN (differences remain) or FAILED',
  started_at BIGINT COMMENT 'epoch ms',
  finished_at BIGINT COMMENT 'epoch ms',
  duration_ms BIGINT,
  batch_run_id STRING COMMENT 'the batch run(s) whose rows were the truth, comma-separated',
  exact_keys BIGINT COMMENT 'keys of the day with events in the exact result',
  pinot_rows BIGINT COMMENT 'live Pinot rows of the day before the run, all-zero ones included',
  matching_keys BIGINT COMMENT 'exact value and a batch version already',
  restamped_keys BIGINT COMMENT 'exact value but a speed version: re-published with the batch version',
  missing_in_pinot BIGINT,
  extra_in_pinot BIGINT,
  values_differ BIGINT,
  drift_by_currency MAP<STRING, STRUCT<differing_keys: BIGINT, impressions: BIGINT, clicks: BIGINT, spend_micros: BIGINT, abs_impressions: BIGINT, abs_clicks: BIGINT, abs_spend_micros: BIGINT>> COMMENT 'Pinot minus exact over the differing keys, per currency',
  corrections_published BIGINT COMMENT 'rows published in the one Kafka transaction of the run',
  visible_after_ms BIGINT COMMENT 'from commit until Pinot showed every correction',
  residual_differences BIGINT COMMENT 'keys still needing a correction at the re-comparison',
  final_version BIGINT COMMENT 'the FINAL version recorded by this run, null if none',
  report_path STRING,
  message STRING
)
COMMENT 'reconciliation runs'
STORED AS PARQUET
