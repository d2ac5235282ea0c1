package io.reckon.cli;

import picocli.CommandLine;

import java.util.List;

/**
 * How every {@code bin/reckon} command fails: one line on stderr, {@code <prefix>: <what went wrong>}, never a stack
 * trace, and an exit code a script can act on: {@link #USAGE} for a usage error (picocli's, or one a command raises as
 * a {@link CommandLine.ParameterException} after checking a value), {@link #FAILED} for anything else. Schedulers act on
 * the difference (the Airflow DAG does not retry a usage error), so a failure met while working, an
 * IllegalArgumentException from reading data included, is never a usage error. Commands keep their own codes for
 * outcomes that are not failures (3, refused, for one).
 */
public final class OneLineErrors {
    public static final int FAILED = 1;
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private OneLineErrors() {
    }

    /** {@code commandLine} with both of its error handlers set to one line under {@code prefix}; returns it. */
    public static CommandLine install(CommandLine commandLine, String prefix) {
        return install(commandLine, prefix, List.of());
    }

    /**
     * As {@link #install(CommandLine, String)}, and failures of the given types are usage errors too: for a command
     * whose own argument checks throw them before it does any work (the Airflow client's, say).
     */
    public static CommandLine install(CommandLine commandLine, String prefix,
                                      List<Class<? extends Exception>> alsoUsage) {
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(prefix + ": " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(prefix + ": " + describe(e));
            return alsoUsage.stream().anyMatch(t -> t.isInstance(e)) ? USAGE : FAILED;
        });
        return commandLine;
    }

    /**
     * The message of a failure followed by each cause's that says something new ({@code a <- b <- c}), on one line;
     * the exception's class when it has no message (a bare NullPointerException says nothing otherwise).
     */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(text(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage().strip())) {
                b.append(" <- ").append(text(c));
            }
        }
        return b.toString().replace('\n', ' ').replace('\r', ' ');
    }

    private static String text(Throwable t) {
        return t.getMessage() != null ? t.getMessage().strip() : t.getClass().getName();
    }
}
