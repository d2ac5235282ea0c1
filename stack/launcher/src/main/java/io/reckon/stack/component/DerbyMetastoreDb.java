package io.reckon.stack.component;

import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.JvmSpec;

import java.util.Map;

/**
 * Derby Network Server holding the Hive metastore database. A network server (not embedded Derby) because
 * the Thrift server and every Spark job are separate JVMs that must share one metastore.
 */
public final class DerbyMetastoreDb implements Component {
    public static final String NAME = "metastore-db";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<Integer, String> ports(StackConfig c) {
        return Map.of(c.port("derby.port"), "Derby metastore database (derby.port)");
    }

    @Override
    public String endpoint(StackConfig c) {
        return c.metastoreJdbcUrl();
    }

    @Override
    public JvmSpec jvm(StackConfig c) {
        return new JvmSpec(NAME, Runtimes.classpath(c, "spark"), "org.apache.derby.drda.NetworkServerControl")
                .heap(c.get("derby.heap"))
                .property("derby.system.home", c.componentDir(NAME).toString())
                .property("derby.stream.error.file", c.componentDir(NAME).resolve("derby.log").toString())
                .workDir(c.componentDir(NAME))
                .args("start", "-h", c.host(), "-p", Integer.toString(c.port("derby.port")), "-noSecurityManager");
    }

    @Override
    public boolean healthy(StackConfig c) {
        return Probes.tcp(c.host(), c.port("derby.port"));
    }
}
