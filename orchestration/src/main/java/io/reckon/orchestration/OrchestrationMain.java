package io.reckon.orchestration;

import io.reckon.cli.OneLineErrors;
import io.reckon.orchestration.airflow.AirflowCommand;
import io.reckon.orchestration.nightly.NightlyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/reckon nightly ...} and {@code bin/reckon airflow ...}. */
@Command(name = "reckon", mixinStandardHelpOptions = true, version = "reckon 0.1.0",
        description = "The nightly run of reckon, and its Airflow DAG driven through Airflow's REST API.",
        subcommands = {NightlyCommand.class, AirflowCommand.class})
public final class OrchestrationMain {
    /** Exit code for bad arguments. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        // Bad input or a failing call: one line on stderr, non-zero exit, no stack trace.
        // The Airflow client checks its arguments by throwing IllegalArgumentException: bad usage (exit 2).
        return OneLineErrors.install(new CommandLine(new OrchestrationMain()), "reckon",
                java.util.List.of(IllegalArgumentException.class));
    }
}
