-- Invalid ingress records with their original bytes and reason code (io.reckon.schemas.validation.ReasonCode).
-- dt: the partition of the same record in raw_ad_events, so a day's dead letters can be rebuilt from that day's
-- raw partitions with an idempotent partition overwrite. EXTERNAL like the archive: dead letters are never lost.
CREATE EXTERNAL TABLE IF NOT EXISTS ${hive.database}.ad_events_dead_letter (
  topic STRING COMMENT 'source topic, ad-events',
  kafka_partition INT,
  kafka_offset BIGINT,
  record_timestamp BIGINT COMMENT 'source record timestamp, epoch ms',
  record_key BINARY COMMENT 'original key bytes',
  record_value BINARY COMMENT 'original value bytes',
  reason STRING COMMENT 'stable reason code, e.g. BAD_CURRENCY',
  message STRING COMMENT 'human explanation, do not parse',
  detected_by STRING COMMENT 'speed or batch',
  detected_at BIGINT COMMENT 'wall clock of the verdict, epoch ms'
)
COMMENT 'invalid ad-events records: never counted, never lost'
PARTITIONED BY (dt STRING)
STORED AS PARQUET
LOCATION '${warehouse.dir}/${hive.database}.db/ad_events_dead_letter'
