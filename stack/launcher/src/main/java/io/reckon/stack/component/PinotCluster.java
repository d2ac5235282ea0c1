package io.reckon.stack.component;

import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.JvmSpec;
import io.reckon.stack.process.Supervisor;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Pinot 0.11 controller, broker and server in one service-manager JVM on Pinot's own classpath
 * (one JVM instead of three saves about 1 GB on this machine).
 */
public final class PinotCluster implements Component {
    public static final String NAME = "pinot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> dependsOn() {
        return List.of(PinotZookeeper.NAME, KafkaBroker.NAME);
    }

    @Override
    public Map<Integer, String> ports(StackConfig c) {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(c.port("pinot.controller.port"), "Pinot controller (pinot.controller.port)");
        m.put(c.port("pinot.broker.port"), "Pinot broker (pinot.broker.port)");
        m.put(c.port("pinot.server.netty.port"), "Pinot server queries (pinot.server.netty.port)");
        m.put(c.port("pinot.server.admin.port"), "Pinot server admin API (pinot.server.admin.port)");
        m.put(c.port("pinot.server.grpc.port"), "Pinot server gRPC (pinot.server.grpc.port)");
        return m;
    }

    @Override
    public String endpoint(StackConfig c) {
        return "controller " + c.pinotControllerUrl() + ", broker " + c.pinotBrokerUrl();
    }

    private static Path conf(StackConfig c, String role) {
        return c.componentDir(NAME).resolve(role + ".conf");
    }

    @Override
    public void prepare(StackConfig c, Supervisor supervisor) {
        Path dir = c.componentDir(NAME);
        String host = c.host();
        String zk = c.zookeeperAddress();
        String cluster = c.get("pinot.cluster");

        Properties controller = new Properties();
        controller.setProperty("pinot.service.role", "CONTROLLER");
        controller.setProperty("controller.host", host);
        controller.setProperty("controller.port", Integer.toString(c.port("pinot.controller.port")));
        controller.setProperty("controller.vip.host", host);
        controller.setProperty("controller.vip.port", Integer.toString(c.port("pinot.controller.port")));
        listen(controller, "controller", host, c.port("pinot.controller.port"));
        controller.setProperty("controller.zk.str", zk);
        controller.setProperty("controller.helix.cluster.name", cluster);
        controller.setProperty("controller.data.dir", dir.resolve("controller-data").toString());
        // One machine: keep segments until tables are dropped; no periodic tasks fighting for 2 cores.
        controller.setProperty("controller.task.scheduler.enabled", "false");

        Properties broker = new Properties();
        broker.setProperty("pinot.service.role", "BROKER");
        broker.setProperty("pinot.zk.server", zk);
        broker.setProperty("pinot.cluster.name", cluster);
        broker.setProperty("pinot.broker.hostname", host);
        broker.setProperty("pinot.broker.client.queryPort", Integer.toString(c.port("pinot.broker.port")));
        listen(broker, "pinot.broker.client", host, c.port("pinot.broker.port"));

        Properties server = new Properties();
        server.setProperty("pinot.service.role", "SERVER");
        server.setProperty("pinot.zk.server", zk);
        server.setProperty("pinot.cluster.name", cluster);
        server.setProperty("pinot.server.netty.host", host);
        server.setProperty("pinot.server.netty.port", Integer.toString(c.port("pinot.server.netty.port")));
        server.setProperty("pinot.server.adminapi.port", Integer.toString(c.port("pinot.server.admin.port")));
        listen(server, "pinot.server.adminapi", host, c.port("pinot.server.admin.port"));
        server.setProperty("pinot.server.grpc.port", Integer.toString(c.port("pinot.server.grpc.port")));
        server.setProperty("pinot.server.instance.dataDir", dir.resolve("server-data").toString());
        server.setProperty("pinot.server.instance.segmentTarDir", dir.resolve("server-segments").toString());
        // On stop, do not wait up to 15 s for queries to cease (our own health probes count as queries).
        server.setProperty("pinot.server.shutdown.enableQueryCheck", "false");
        server.setProperty("pinot.server.shutdown.timeoutMs", "10000");

        try {
            Files.createDirectories(dir.resolve("tmp"));
            write(conf(c, "controller"), controller);
            write(conf(c, "broker"), broker);
            write(conf(c, "server"), server);
        } catch (IOException e) {
            throw new StackException("cannot write Pinot config in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Pinot's HTTP listeners bind 0.0.0.0 unless told otherwise through the access-protocol keys. */
    private static void listen(Properties p, String prefix, String host, int port) {
        p.setProperty(prefix + ".access.protocols", "http");
        p.setProperty(prefix + ".access.protocols.http.host", host);
        p.setProperty(prefix + ".access.protocols.http.port", Integer.toString(port));
    }

    private static void write(Path file, Properties p) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by bin/reckon stack up");
        }
    }

    @Override
    public JvmSpec jvm(StackConfig c) {
        return new JvmSpec(NAME, Runtimes.classpath(c, "pinot"), PinotSupport.MAIN)
                .heap(c.get("pinot.heap"))
                .jvmArgs(PinotSupport.java17Flags())
                .property("java.io.tmpdir", c.componentDir(NAME).resolve("tmp").toString())
                .workDir(c.componentDir(NAME))
                .args("StartServiceManager", "-zkAddress", c.zookeeperAddress(), "-clusterName", c.get("pinot.cluster"),
                        "-bootstrapConfigPaths", conf(c, "controller").toString(), conf(c, "broker").toString(),
                        conf(c, "server").toString());
    }

    @Override
    public boolean healthy(StackConfig c) {
        return Probes.httpOk(c.pinotControllerUrl() + "/health")
                && Probes.httpOk(c.pinotBrokerUrl() + "/health")
                && Probes.httpOk(c.pinotServerAdminUrl() + "/health");
    }
}
