package io.reckon.cli.stack;

import io.reckon.stack.location.DefaultEndpoints;
import picocli.CommandLine.Option;

/** {@code --kafka-bootstrap} (also spelled {@code --bootstrap}): the Kafka cluster (a picocli mixin). */
public final class KafkaOption {
    @Option(names = {"--kafka-bootstrap", "--bootstrap"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: kafka.bootstrap of stack.properties, else " + DefaultEndpoints.KAFKA_BOOTSTRAP + ").")
    String bootstrap;

    /** The option, else the data directory's endpoint, else the default local stack's. */
    public String bootstrap(DataDirOption dir) {
        return dir.endpoint(bootstrap, "kafka.bootstrap");
    }
}
