package io.reckon.stack.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How to start one JVM of the stack: its own classpath, heap, flags, main class and arguments. */
public final class JvmSpec {
    /** Marks our processes, so a recycled PID of some other program is never mistaken for (or killed as) ours. */
    public static final String COMPONENT_MARKER = "-Dreckon.component=";

    private final String component;
    private final String classpath;
    private final String mainClass;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> systemProperties = new TreeMap<>();
    private final List<String> args = new ArrayList<>();
    private Path workDir;

    public JvmSpec(String component, String classpath, String mainClass) {
        this.component = component;
        this.classpath = classpath;
        this.mainClass = mainClass;
    }

    public JvmSpec heap(String size) {
        jvmArgs.add("-Xmx" + size);
        return this;
    }

    public JvmSpec jvmArgs(List<String> more) {
        jvmArgs.addAll(more);
        return this;
    }

    public JvmSpec property(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public JvmSpec properties(Map<String, String> props) {
        systemProperties.putAll(props);
        return this;
    }

    public JvmSpec args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    public JvmSpec args(List<String> more) {
        args.addAll(more);
        return this;
    }

    public JvmSpec workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public String component() {
        return component;
    }

    public Path workDir() {
        return workDir;
    }

    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(COMPONENT_MARKER + component);
        cmd.addAll(jvmArgs);
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
