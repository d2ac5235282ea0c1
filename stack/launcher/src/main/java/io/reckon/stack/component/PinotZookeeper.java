package io.reckon.stack.component;

import io.reckon.stack.StackException;
import io.reckon.stack.config.StackConfig;
import io.reckon.stack.probe.Probes;
import io.reckon.stack.process.JvmSpec;
import io.reckon.stack.process.Supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The ZooKeeper that Pinot's Helix cluster keeps its state in: ZooKeeper's own server main from Pinot's
 * classpath (Pinot's StartZookeeper cannot bind to loopback only).
 */
public final class PinotZookeeper implements Component {
    public static final String NAME = "zookeeper";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<Integer, String> ports(StackConfig c) {
        return Map.of(c.port("zookeeper.port"), "Pinot's ZooKeeper (zookeeper.port)");
    }

    @Override
    public String endpoint(StackConfig c) {
        return c.zookeeperAddress();
    }

    private static Path zooCfg(StackConfig c) {
        return c.componentDir(NAME).resolve("zoo.cfg");
    }

    @Override
    public void prepare(StackConfig c, Supervisor supervisor) {
        Properties p = new Properties();
        p.setProperty("tickTime", "2000");
        p.setProperty("dataDir", c.componentDir(NAME).resolve("data").toString());
        p.setProperty("clientPort", Integer.toString(c.port("zookeeper.port")));
        p.setProperty("clientPortAddress", c.host());
        // The admin web server would otherwise take port 8080.
        p.setProperty("admin.enableServer", "false");
        p.setProperty("4lw.commands.whitelist", "ruok,srvr,stat");
        p.setProperty("maxClientCnxns", "0");
        try {
            Files.createDirectories(c.componentDir(NAME).resolve("data"));
            try (Writer w = Files.newBufferedWriter(zooCfg(c))) {
                p.store(w, "written by bin/reckon stack up");
            }
        } catch (IOException e) {
            throw new StackException("cannot write ZooKeeper config: " + e.getMessage(), e);
        }
    }

    @Override
    public JvmSpec jvm(StackConfig c) {
        return new JvmSpec(NAME, Runtimes.classpath(c, "pinot"), "org.apache.zookeeper.server.ZooKeeperServerMain")
                .heap(c.get("zookeeper.heap"))
                .jvmArgs(java.util.List.of("-XX:+UseG1GC"))
                .workDir(c.componentDir(NAME))
                .args(zooCfg(c).toString());
    }

    @Override
    public boolean healthy(StackConfig c) {
        if (!Probes.tcp(c.host(), c.port("zookeeper.port"))) {
            return false;
        }
        // "ruok" answers "imok" only once the server serves requests.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(c.host(), c.port("zookeeper.port")), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("ruok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("imok");
        } catch (IOException e) {
            return false;
        }
    }
}
