package io.reckon.dashboard;

import io.reckon.cli.DurationConverter;
import io.reckon.cli.OneLineErrors;
import io.reckon.cli.stack.DataDirOption;
import io.reckon.cli.stack.HiveServer2Option;
import io.reckon.cli.stack.PinotBrokerOption;
import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.finality.FinalityCache;
import io.reckon.dashboard.finality.HiveFinality;
import io.reckon.dashboard.http.DashboardApi;
import io.reckon.dashboard.http.DashboardServer;
import io.reckon.dashboard.numbers.PinotNumbers;
import io.reckon.platform.pinot.PinotBroker;
import io.reckon.platform.process.BackgroundRun;
import io.reckon.schemas.definitions.PipelineNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/reckon serve}: the dashboard's JSON API and web page for one pipeline, in the foreground or detached.
 * Numbers come from Pinot's broker; which days are FINAL from the reconciliation tables through HiveServer2, read in
 * the background. See docs/dashboard.md.
 */
@Command(name = "reckon serve", mixinStandardHelpOptions = true, sortOptions = false, version = "reckon serve 0.1.0",
        description = {"The dashboard: a JSON API and a web page of impressions, clicks and spend per currency, "
                + "each day marked FINAL or PROVISIONAL.",
                "API keys, one per line '<name> <secret> admin|<advertiser>[,...]': --keys-file, else the "
                        + "environment variable RECKON_DASHBOARD_KEYS, else <data dir>/dashboard/api-keys."})
public final class ServeMain implements Runnable {
    static final String KEYS_ENV = "RECKON_DASHBOARD_KEYS";

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "19380", description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--keys-file", paramLabel = "FILE", description = "The API keys (see above).")
    Path keysFile;

    @Mixin
    DataDirOption dir;

    @Mixin
    PinotBrokerOption pinot;

    @Mixin
    HiveServer2Option hive;

    @Option(names = "--database", description = "Hive database of the reconciliation tables (default: stack.properties hive.database, else reckon).")
    String database;

    @Option(names = "--pinot-table", description = "(default: stack.properties pinot.table, else ad_stats_minute)")
    String pinotTable;

    @Option(names = "--finality-refresh", defaultValue = "30s", converter = DurationConverter.class,
            description = "How often the FINAL days are read again (default: ${DEFAULT-VALUE}).")
    Duration finalityRefresh;

    @Option(names = "--query-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "The longest a Pinot query may take (default: ${DEFAULT-VALUE}).")
    Duration queryTimeout;

    @Option(names = "--detach", description = "Run in the background: log to <data dir>/logs/serve.log, PID in "
            + "<data dir>/run/serve.pid.")
    boolean detach;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new ServeMain()), "reckon serve");
    }

    @Override
    public void run() {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be from 0 to 65535");
        }
        if (finalityRefresh.isZero() || finalityRefresh.isNegative() || queryTimeout.isZero() || queryTimeout.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--finality-refresh and --query-timeout must be positive");
        }
        ApiKeys keys = keys();
        if (detach) {
            detach();
            return;
        }
        PipelineNames names = PipelineNames.from(dir.stack());
        String db = database != null ? database : names.hiveDatabase();
        String table = pinotTable != null ? pinotTable : names.pinotTable();
        try (FinalityCache finality = FinalityCache.refreshedEvery(new HiveFinality(hive.url(dir), db), finalityRefresh);
             DashboardServer server = DashboardServer.start(new DashboardApi(
                     new PinotNumbers(new PinotBroker(pinot.hostPort(dir), queryTimeout), table), finality), keys, bind, port)) {
            System.out.println("reckon serve: http://" + bind + ":" + server.port() + "/ (Pinot table " + table
                    + ", FINAL days from " + db + "; keys: " + keys.describe() + "); Ctrl-C stops it");
            // Ctrl-C or kill: the hook itself stops the server, since the JVM halts once the hooks are done.
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                finality.close();
                stopped.countDown();
            }, "reckon-serve-stop"));
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The keys from --keys-file, else the environment, else the data directory's file; none is a usage error. */
    private ApiKeys keys() {
        try {
            if (keysFile != null) {
                return ApiKeys.parse(Files.readString(keysFile));
            }
            String env = System.getenv(KEYS_ENV);
            if (env != null && !env.isBlank()) {
                return ApiKeys.parseEnvironment(env);
            }
            Path own = defaultKeysFile(dir.dataDir());
            if (Files.isRegularFile(own)) {
                return ApiKeys.parse(Files.readString(own));
            }
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the API keys: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "no API keys: give --keys-file, set " + KEYS_ENV
                + ", or write " + defaultKeysFile(dir.dataDir()));
    }

    /** Where a pipeline keeps its dashboard's keys ({@code demo --keep-stack} writes an admin key there). */
    public static Path defaultKeysFile(Path dataDir) {
        return dataDir.resolve("dashboard").resolve("api-keys");
    }

    private void detach() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        args.removeIf("--detach"::equals);
        try {
            BackgroundRun.Started started = BackgroundRun.start(ServeMain.class, args, dir.dataDir(), "serve");
            System.out.println("reckon serve: running in the background, PID " + started.pid() + " ("
                    + started.pidFile() + "), log " + started.log() + "; stop it with: kill " + started.pid());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start in the background: " + e.getMessage(), e);
        }
    }
}
