package io.reckon.cli.stack;

import io.reckon.stack.location.DefaultEndpoints;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * {@code --zookeeper}: where the day leases and run sequences live, shared by every host running batch or reconcile
 * (a picocli mixin).
 */
public final class ZooKeeperOption {
    @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,...]", description = "Where the day leases and run "
            + "sequences live, shared by every host running batch or reconcile: a run is refused while another holds "
            + "its day (default: pinot.zookeeper of stack.properties, else " + DefaultEndpoints.PINOT_ZOOKEEPER + ").")
    String connect;

    /** The option as given, if it was. */
    public Optional<String> given() {
        return Optional.ofNullable(connect);
    }

    /** The option, else the data directory's endpoint, else the default local stack's. */
    public String connect(DataDirOption dir) {
        return dir.endpoint(connect, "pinot.zookeeper");
    }
}
