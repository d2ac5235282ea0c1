package io.reckon.stack.cli;

import io.reckon.cli.OneLineErrors;
import io.reckon.stack.LocalStack;
import io.reckon.stack.StackException;
import io.reckon.stack.component.SparkSqlCli;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.instance.PipelineInstance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Entry point of the stack launcher: {@code bin/reckon stack up|down|status|sql|instance}. */
@Command(name = "reckon", mixinStandardHelpOptions = true, version = "reckon 0.1.0",
        description = "Exactly-once ad event counting and billing.",
        subcommands = StackMain.Stack.class)
public final class StackMain {
    /** Exit code of {@code status} when some component is not up. */
    public static final int NOT_UP = 3;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Stack settings (properties) overriding the defaults: data.dir, ports, heaps.")
    Path configFile;

    StackConfig config() {
        Path home = Path.of(System.getProperty("reckon.home", "."));
        return StackConfig.load(home, configFile);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        // Bad input or a failing component: one line on stderr, non-zero exit, no stack trace.
        return OneLineErrors.install(new CommandLine(new StackMain()), "reckon");
    }

    @Command(name = "stack", mixinStandardHelpOptions = true,
            description = "The local stack: Kafka, Pinot, Hive metastore + HiveServer2, Spark.",
            subcommands = {Stack.Up.class, Stack.Down.class, Stack.Status.class, Stack.Sql.class, Stack.Instance.class})
    static final class Stack {
        @ParentCommand
        StackMain root;

        @Command(name = "up", mixinStandardHelpOptions = true,
                description = "Start every component that is not running, wait until healthy, provision topics and tables.")
        static final class Up implements Callable<Integer> {
            @ParentCommand
            Stack stack;

            @Override
            public Integer call() {
                new LocalStack(stack.root.config(), System.out).up();
                return 0;
            }
        }

        @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every component; nothing is left running.")
        static final class Down implements Callable<Integer> {
            @ParentCommand
            Stack stack;

            @Option(names = "--after-pid", paramLabel = "PID", description = "First wait until process PID has ended"
                    + " (the test kit ties a stack it started to the build that started it this way).")
            Long afterPid;

            @Override
            public Integer call() {
                if (afterPid != null) {
                    ProcessHandle.of(afterPid).ifPresent(p -> p.onExit().join());
                    System.out.println("process " + afterPid + " has ended; taking the stack down");
                }
                new LocalStack(stack.root.config(), System.out).down();
                return 0;
            }
        }

        @Command(name = "status", mixinStandardHelpOptions = true,
                description = "Each component, its PID, endpoint and health. Exit code 0 when all are up, 3 otherwise.")
        static final class Status implements Callable<Integer> {
            @ParentCommand
            Stack stack;

            @Override
            public Integer call() {
                Map<String, LocalStack.Health> health = new LocalStack(stack.root.config(), System.out).status();
                return health.values().stream().allMatch(h -> h == LocalStack.Health.UP) ? 0 : NOT_UP;
            }
        }

        @Command(name = "instance", mixinStandardHelpOptions = true,
                description = {"Provision a second, isolated pipeline on the running stack: topics <NAME>.ad-events ...,"
                        + " Pinot table <NAME>_ad_stats_minute, Hive database <NAME>, and a data directory whose"
                        + " stack.properties names them. Commands run with RECKON_DATA_DIR set to that directory work"
                        + " on that pipeline alone (the integration tests run this way). Idempotent."})
        static final class Instance implements Callable<Integer> {
            @ParentCommand
            Stack stack;

            @CommandLine.Parameters(index = "0", paramLabel = "NAME",
                    description = "The namespace: a lower-case letter, then lower-case letters, digits or '_'.")
            String namespace;

            @Option(names = "--dir", paramLabel = "DIR",
                    description = "The instance's data directory (default: <data dir>/instances/<NAME>).")
            Path dir;

            @Override
            public Integer call() {
                Path stackData = stack.root.config().dataDir();
                Path target = PipelineInstance.create(stackData, namespace,
                        dir != null ? dir : PipelineInstance.defaultDir(stackData, namespace), System.out);
                System.out.println("pipeline " + namespace + " is ready; run commands on it with RECKON_DATA_DIR=" + target);
                return 0;
            }
        }

        @Command(name = "sql", mixinStandardHelpOptions = true,
                description = "Run Spark SQL in a separate Spark JVM on the shared metastore (spark-sql CLI).")
        static final class Sql implements Callable<Integer> {
            @ParentCommand
            Stack stack;

            @Option(names = {"-e", "--execute"}, required = true, paramLabel = "SQL", description = "Statements to run.")
            String sql;

            @Option(names = "--timeout", defaultValue = "300", description = "Seconds before giving up (default: ${DEFAULT-VALUE}).")
            int timeoutSeconds;

            @Override
            public Integer call() {
                if (timeoutSeconds <= 0) {
                    throw new StackException("--timeout must be positive");
                }
                return SparkSqlCli.run(stack.root.config(), sql, null, Duration.ofSeconds(timeoutSeconds));
            }
        }
    }
}
