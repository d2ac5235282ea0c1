-- Daily billing rollup per (day, advertiser, campaign, currency), from ad_stats_minute_exact of the same run.
-- Written with INSERT OVERWRITE TABLE ... PARTITION (dt='YYYY-MM-DD').
CREATE TABLE IF NOT EXISTS ${hive.database}.ad_billing_daily (
  advertiser_id STRING,
  campaign_id STRING,
  currency STRING,
  impressions BIGINT,
  clicks BIGINT,
  spend_micros BIGINT COMMENT 'integer micros of currency, never add across currencies',
  batch_run_id STRING
)
COMMENT 'exact daily billing totals'
PARTITIONED BY (dt STRING)
STORED AS PARQUET
