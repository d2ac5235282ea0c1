package io.reckon.platform.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --detach}: the same command in a new JVM of its own (same java, JVM flags and class path), its output
 * appended to {@code <data dir>/logs/<name>.log} and its pid in {@code <data dir>/run/<name>.pid}, so that the
 * operator's shell returns while the job goes on. Used by {@code stream --detach} and {@code serve --detach}.
 */
public final class BackgroundRun {
    /** The background JVM: its pid, where the pid is written, and its log. */
    public record Started(long pid, Path pidFile, Path log) {
    }

    private BackgroundRun() {
    }

    /** Starts {@code main} with {@code args} in the background; {@code name} names its log and pid files. */
    public static Started start(Class<?> main, List<String> args, Path dataDir, String name) throws IOException {
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        Path run = Files.createDirectories(dataDir.resolve("run"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path pidFile = run.resolve(name + ".pid");
        Files.writeString(pidFile, process.pid() + "\n");
        return new Started(process.pid(), pidFile, log);
    }
}
