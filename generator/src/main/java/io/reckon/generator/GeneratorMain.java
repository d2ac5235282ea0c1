package io.reckon.generator;

import io.reckon.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar reckon-generator.jar generate ...}; {@code bin/reckon generate} runs the same. */
@Command(name = "reckon-generator", mixinStandardHelpOptions = true, version = "reckon-generator 0.1.0",
        description = "Generates ad traffic for reckon, with its exact ground truth.",
        subcommands = {GenerateCommand.class, CommandLine.HelpCommand.class})
public final class GeneratorMain {

    public static void main(String[] args) {
        // Before any logger exists: the Kafka client's INFO logging would bury the progress bar.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new GeneratorMain()), "reckon generate");
    }
}
