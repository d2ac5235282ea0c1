package io.reckon.stack.component;

import java.util.ArrayList;
import java.util.List;

/** JVM flags Pinot 0.11 needs on Java 17; without them the controller hangs instead of failing. */
final class PinotSupport {
    static final String MAIN = "org.apache.pinot.tools.admin.PinotAdministrator";

    private PinotSupport() {
    }

    static List<String> java17Flags() {
        List<String> flags = new ArrayList<>(Runtimes.openJavaBase(List.of("java.nio", "sun.nio.ch", "java.lang",
                "java.util", "java.lang.reflect", "java.io", "jdk.internal.ref", "jdk.internal.misc")));
        for (String p : List.of("jdk.internal.ref", "jdk.internal.misc", "sun.nio.ch")) {
            flags.add("--add-exports=java.base/" + p + "=ALL-UNNAMED");
        }
        flags.add("-XX:+UseG1GC");
        return flags;
    }
}
