package io.reckon.stack.component;

import io.reckon.stack.location.HiveJdbcUrl;

import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.JvmSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The HiveServer2-protocol endpoint: Spark's Thrift server on the shared metastore, reached with hive-jdbc
 * exactly as a production HiveServer2 would be.
 */
public final class SparkThriftServer implements Component {
    public static final String NAME = "hiveserver2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> dependsOn() {
        return List.of(DerbyMetastoreDb.NAME);
    }

    @Override
    public Map<Integer, String> ports(StackConfig c) {
        return Map.of(c.port("hiveserver2.port"), "HiveServer2 / Spark Thrift server (hiveserver2.port)");
    }

    @Override
    public String endpoint(StackConfig c) {
        return c.hiveJdbcUrl();
    }

    @Override
    public JvmSpec jvm(StackConfig c) {
        return SparkSupport.sparkJvm(c, NAME, "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
                        c.get("hiveserver2.heap"), 2)
                .property("spark.app.name", "reckon-hiveserver2")
                .property("spark.sql.shuffle.partitions", "4")
                .workDir(c.componentDir(NAME))
                .args("--hiveconf", "hive.server2.thrift.bind.host=" + c.host(),
                        "--hiveconf", "hive.server2.thrift.port=" + c.port("hiveserver2.port"),
                        "--hiveconf", "hive.server2.authentication=NONE");
    }

    @Override
    public boolean healthy(StackConfig c) {
        if (!Probes.tcp(c.host(), c.port("hiveserver2.port"))) {
            return false;
        }
        // Bounded: TCP still connects to a stopped server, and an unbounded probe would hang the launcher.
        try (Connection conn = DriverManager.getConnection(HiveJdbcUrl.bounded(c.hiveJdbcUrl(),
                java.time.Duration.ofSeconds(10)), "reckon", "");
             Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (Exception e) {
            return false;
        }
    }
}
