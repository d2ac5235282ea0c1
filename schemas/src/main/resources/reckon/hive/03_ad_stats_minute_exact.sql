-- The batch layer's exact aggregates at the contract's grain. dt = UTC date of window_start (the billing day).
-- Written with INSERT OVERWRITE TABLE ... PARTITION (dt='YYYY-MM-DD'): a re-run replaces the day, never appends.
CREATE TABLE IF NOT EXISTS ${hive.database}.ad_stats_minute_exact (
  advertiser_id STRING,
  campaign_id STRING,
  ad_id STRING,
  currency STRING,
  window_start BIGINT COMMENT 'event_time floored to the UTC minute, epoch ms',
  impressions BIGINT,
  clicks BIGINT,
  spend_micros BIGINT COMMENT 'sum of cost_micros, integer micros of currency',
  batch_run_id STRING COMMENT 'the batch_runs.run_id that wrote the row'
)
COMMENT 'exact per-minute aggregates computed by the batch layer'
PARTITIONED BY (dt STRING)
STORED AS PARQUET
