-- The pipeline's database (reckon for a stack's own pipeline, see io.reckon.schemas.definitions.PipelineNames). ${warehouse.dir} is the warehouse root (a file: or hdfs: URI) under which every table lives.
CREATE DATABASE IF NOT EXISTS ${hive.database}
COMMENT 'reckon: exactly-once ad event counting and billing'
LOCATION '${warehouse.dir}/${hive.database}.db'
