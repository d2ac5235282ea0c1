package io.reckon.cli;

import picocli.CommandLine;

/**
 * How every {@code bin/reckon} command fails: one line on stderr, {@code <prefix>: <what went wrong>}, never a stack
 * trace, and an exit code a script can act on: {@link #USAGE} for bad input (a usage error, or an
 * {@link IllegalArgumentException} from checking a value), {@link #FAILED} for anything else. Commands keep their own
 * codes for outcomes that are not failures (3, refused, for one).
 */
public final class OneLineErrors {
    public static final int FAILED = 1;
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private OneLineErrors() {
    }

    /** {@code commandLine} with both of its error handlers set to one line under {@code prefix}; returns it. */
    public static CommandLine install(CommandLine commandLine, String prefix) {
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(prefix + ": " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(prefix + ": " + describe(e));
            return e instanceof IllegalArgumentException ? USAGE : FAILED;
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
