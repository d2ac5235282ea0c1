# Sourced by the batch benchmarks (run.sh, archive-age.sh). Sets HOME_DIR, CONF (the local stack's
# spark-defaults.conf) and ZK (its ZooKeeper, for the day leases), builds batch, and defines run_batch_bench.
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
# Always built (incremental, cheap when nothing changed): a benchmark of stale classes measures old code.
MAVEN_OPTS=-Xmx1g mvn -B -q -pl batch -am test-compile -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
CONF="${RECKON_DATA_DIR:-$HOME_DIR/.reckon}/spark-defaults.conf"
ZK="$(sed -n 's/^pinot.zookeeper=//p' "${RECKON_DATA_DIR:-$HOME_DIR/.reckon}/stack.properties" | sed 's/\\:/:/g')"
ZK="${ZK:-127.0.0.1:19181}"

# run_batch_bench CLASS ARGS...: the benchmark class in a 1 GB JVM with batch/jvm.options, on a copy of the classes
# (so that building while it runs cannot change what it measures), serialised with other heavy runs.
run_batch_bench() {
  local class="$1"; shift
  local flags=() f snap
  while IFS= read -r f; do case "$f" in ''|'#'*|-Xmx*) ;; *) flags+=("$f") ;; esac; done < batch/jvm.options
  snap="$(mktemp -d /tmp/reckon-bench-classes.XXXXXX)"
  cp -r batch/target/classes "$snap/classes" && cp -r batch/target/test-classes "$snap/test-classes"
  local rc=0
  flock /tmp/reckon-heavy.lock java -Xmx1g "${flags[@]}" \
    -Dlog4j2.configurationFile=reckon-batch-log4j2.properties \
    -cp "$snap/test-classes:$snap/classes:$(cat batch/target/classpath.txt)" "$class" "$@" || rc=$?
  rm -rf "$snap"
  return "$rc"
}
