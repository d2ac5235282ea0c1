package io.reckon.demo;

import io.reckon.cli.OneLineErrors;
import io.reckon.stack.LocalStack;
import io.reckon.stack.config.StackConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/** Entry point of {@code bin/reckon demo}: brings the local stack up, runs {@link EndToEndDemo}, takes it down. */
@Command(name = "reckon demo", mixinStandardHelpOptions = true, version = "reckon demo 0.1.0",
        description = "Run reckon end to end on the local stack: traffic for a closed past day through the speed layer"
                + " into Pinot, its live numbers next to the ground truth, then the batch layer and reconciliation,"
                + " and proof that Pinot equals the ground truth exactly.")
public final class DemoMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Stack settings (properties) overriding the defaults: data.dir, ports, heaps.")
    Path configFile;

    @Option(names = "--keep-stack", description = "Leave the stack running afterwards, with the dashboard "
            + "(bin/reckon serve) on it: its URL and an admin key are printed.")
    boolean keepStack;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD",
            description = "The day to generate (default: the latest day at least two days back with an empty archive).")
    LocalDate day;

    @Option(names = "--count", defaultValue = "30000", description = "Records to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--rate", defaultValue = "1500", description = "Records per second (default: ${DEFAULT-VALUE}).")
    int rate;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new DemoMain()), "reckon demo");
    }

    /** A bad value is a usage error (exit 2): checked before the stack is touched. */
    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        if (count < 1000 || count > 5_000_000) {
            throw usage("--count must be between 1000 and 5000000");
        }
        if (rate < 100) {
            throw usage("--rate must be at least 100 records per second");
        }
        if (day != null && !day.isBefore(LocalDate.now(ZoneOffset.UTC).minusDays(1))) {
            throw usage("--day must be a closed past day (at least two days ago)");
        }
        StackConfig config = StackConfig.load(Path.of(System.getProperty("reckon.home", ".")), configFile);
        LocalStack stack = new LocalStack(config, System.out);
        System.out.println("== bringing the local stack up");
        stack.up();
        try {
            EndToEndDemo demo = new EndToEndDemo(config.home(), config.dataDir(), System.out);
            boolean exact = demo.run(day, count, rate).exact();
            if (keepStack) {
                DashboardLaunch.start(demo.commands(), demo.dataDir(), System.out);
            }
            return exact ? 0 : 1;
        } finally {
            if (!keepStack) {
                System.out.println("== taking the stack down (--keep-stack leaves it running)");
                stack.down();
            }
        }
    }
}
