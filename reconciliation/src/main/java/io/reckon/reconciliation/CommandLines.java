package io.reckon.reconciliation;

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

    /** Runs a picocli command: bad usage is one line and exit 2, a failure one line (the cause) and exit 1. */
    static int execute(String name, Object command, PrintStream out, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(name + ": " + e.getMessage() + " (see bin/reckon " + name + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(name + ": " + Reconciler.describe(e));
            return 1;
        });
        return cl.execute(args);
    }
}
