package io.reckon.stack.component;

import io.reckon.stack.config.StackConfig;
import io.reckon.stack.process.JvmSpec;
import io.reckon.stack.process.Supervisor;

import java.util.List;
import java.util.Map;

/** One process of the local stack. */
public interface Component {
    /** Short name, used for its log, PID file and data directory. */
    String name();

    /** The ports it listens on, with what each is for; checked before start. */
    Map<Integer, String> ports(StackConfig config);

    /** Where clients reach it. */
    String endpoint(StackConfig config);

    /** Components that must be healthy before this one starts. */
    default List<String> dependsOn() {
        return List.of();
    }

    /** Writes its configuration files and runs one-off set-up (e.g. formatting storage) before the first start. */
    default void prepare(StackConfig config, Supervisor supervisor) {
    }

    /** How to start it. */
    JvmSpec jvm(StackConfig config);

    /** True when it answers as a client would use it. */
    boolean healthy(StackConfig config);
}
