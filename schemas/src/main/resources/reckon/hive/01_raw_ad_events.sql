-- The raw archive: every record of Kafka topic ad-events, bytes untouched; a position (kafka_partition, kafka_offset)
-- can appear twice when the speed layer re-read it, and the batch layer counts it once. System of record for the
-- batch layer, which re-validates from these bytes. EXTERNAL: written by the speed layer's file sink, and dropping
-- the table must never delete the archive. Partitions are registered explicitly (ALTER TABLE ... ADD PARTITION).
-- dt/hr: UTC date and UNPADDED hour ('0'..'23') of event_time when usable, else of record_timestamp (then
-- placed_by_record_time = true). See io.reckon.schemas.archive.ArchivePlacement.
CREATE EXTERNAL TABLE IF NOT EXISTS ${hive.database}.raw_ad_events (
  record_key BINARY COMMENT 'original Kafka key bytes (null if none)',
  record_value BINARY COMMENT 'original Kafka value bytes (null if none)',
  kafka_partition INT COMMENT 'partition of ad-events',
  kafka_offset BIGINT COMMENT 'offset in that partition',
  record_timestamp BIGINT COMMENT 'Kafka record timestamp (CreateTime), epoch ms',
  event_time BIGINT COMMENT 'parsed integer event_time where the value has one, usable or not, else null',
  placed_by_record_time BOOLEAN COMMENT 'true when dt/hr come from record_timestamp (no usable event_time)',
  archived_at BIGINT COMMENT 'wall clock when archived, epoch ms'
)
COMMENT 'every raw ad-events record (a position at least once)'
PARTITIONED BY (dt STRING, hr STRING)
STORED AS PARQUET
LOCATION '${warehouse.dir}/${hive.database}.db/raw_ad_events'
