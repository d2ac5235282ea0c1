package io.reckon.cli.stack;

import io.reckon.stack.location.DefaultEndpoints;
import picocli.CommandLine.Option;

/** {@code --pinot-broker}: Pinot's broker, {@code HOST:PORT} or its URL (a picocli mixin). */
public final class PinotBrokerOption {
    @Option(names = "--pinot-broker", paramLabel = "HOST:PORT",
            description = "Pinot's broker (default: pinot.broker.url of stack.properties, else " + DefaultEndpoints.PINOT_BROKER_URL + ").")
    String broker;

    /** {@code host:port}: the option, else the data directory's endpoint, else the default local stack's. */
    public String hostPort(DataDirOption dir) {
        return dir.endpoint(broker, "pinot.broker.url").replaceFirst("^https?://", "");
    }
}
