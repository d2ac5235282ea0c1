package io.reckon.reconciliation;

import io.reckon.reconciliation.export.BillingExport;
import io.reckon.reconciliation.export.BillingRow;
import io.reckon.reconciliation.io.FinalRecord;
import io.reckon.reconciliation.io.HiveStore;
import io.reckon.reconciliation.io.HiveTableNames;
import io.reckon.schemas.definitions.HiveTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bin/reckon export --date D}: finance's billing export of a FINAL day (see {@link BillingExport}).
 *
 * <p>Exit codes: 0 exported (or that version already was, identically); 1 not exportable (the day is not FINAL, its
 * billing rows are not the final ones) or an error; 2 bad usage.
 */
@Command(name = "reckon export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the billing export of a FINAL day: ad_billing_daily's rows as <out>/<day>/billing_<day>_v"
                + "<final version>.csv with a JSON manifest (lineage, totals, SHA-256). Refuses a day that is not FINAL "
                + "or whose billing rows are not those of its FINAL version.",
                "Endpoints default to the local stack's stack.properties (RECKON_DATA_DIR or .reckon)."})
public final class ExportMain implements Callable<Integer> {
    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the UTC billing day")
    LocalDate date;

    @Option(names = "--out", paramLabel = "DIR", description = "export directory (default: <data dir>/exports/billing)")
    Path out;

    @Option(names = "--billing-table", defaultValue = HiveTables.BILLING, description = "default ${DEFAULT-VALUE}")
    String billingTable;

    @Option(names = "--final-table", defaultValue = HiveTables.FINAL_DAYS, description = "default ${DEFAULT-VALUE}")
    String finalTable;

    @CommandLine.Mixin
    StackOptions stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream stdout;

    private ExportMain(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        CommandLines.quietLogging();
        System.exit(run(System.out, args));
    }

    public static int run(PrintStream out, String... args) {
        return CommandLines.execute("export", new ExportMain(out), out, args);
    }

    @Override
    public Integer call() {
        HiveTableNames d = HiveTableNames.DEFAULTS;
        HiveTableNames tables;
        try {
            tables = new HiveTableNames(stack.database(), d.exact(), d.batchRuns(), d.raw(), d.runs(), finalTable,
                    billingTable);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String url = stack.hiveUrl();
        Path dir = out != null ? out : stack.dataDir().resolve("exports").resolve("billing");
        try (HiveStore hive = new HiveStore(url, tables)) {
            // The Spark Thrift server caches file listings; batch and reconciliation write behind its back.
            hive.refresh(tables.finalsTable());
            hive.refresh(tables.billingTable());
            Optional<FinalRecord> fin = hive.finalRecord(date);
            if (fin.isEmpty()) {
                spec.commandLine().getErr().println("reckon export: " + date + " is not FINAL (no record in "
                        + tables.finalsTable() + "): nothing to export; run bin/reckon reconcile --date " + date);
                return 1;
            }
            List<BillingRow> rows = hive.billingRows(date);
            BillingExport.Result r = BillingExport.write(dir, fin.get(), rows, System.currentTimeMillis());
            stdout.println((r.written() ? "exported " : "already exported, unchanged: ") + date + " FINAL version "
                    + fin.get().finalVersion() + ": " + r.rows() + " rows, sha256 " + r.sha256());
            stdout.println("  " + r.csv().toAbsolutePath());
            stdout.println("  " + r.manifest().toAbsolutePath());
            return 0;
        }
    }
}
