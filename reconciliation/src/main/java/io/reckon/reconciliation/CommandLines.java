package io.reckon.reconciliation;

import io.reckon.cli.OneLineErrors;
import picocli.CommandLine;

import java.io.PrintStream;

/** What reconciliation's commands share: one-line errors with the project's exit codes, quiet logging. */
final class CommandLines {
    private CommandLines() {
    }

    /**
     * Console logging for the commands: warnings only, and none from hive-jdbc, which logs a WARN of its own for the
     * failure the command then reports in its one line.
     */
    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.hive") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.hive", "error");
        }
        // The day leases' client warns about the server closing the socket at session close; failing to reach
        // ZooKeeper fails the run with its own one-line message.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper", "error");
        }
    }

    /** Runs a picocli command with the project's one-line errors ({@link OneLineErrors}), prefixed by its name. */
    static int execute(String name, Object command, PrintStream out, String... args) {
        CommandLine cl = OneLineErrors.install(new CommandLine(command), "reckon " + name);
        cl.setOut(new java.io.PrintWriter(out, true));
        return cl.execute(args);
    }
}
