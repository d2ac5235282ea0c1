-- The reckon database. ${warehouse.dir} is the warehouse root (a file: or hdfs: URI) under which every table lives.
CREATE DATABASE IF NOT EXISTS reckon
COMMENT 'reckon: exactly-once ad event counting and billing'
LOCATION '${warehouse.dir}/reckon.db'
