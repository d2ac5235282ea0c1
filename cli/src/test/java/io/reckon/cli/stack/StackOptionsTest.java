package io.reckon.cli.stack;

import io.reckon.stack.location.DefaultEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack options as a command composes them: the data directory's endpoints, the defaults, the old spellings. */
class StackOptionsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        DataDirOption dir;
        @Mixin
        KafkaOption kafka;
        @Mixin
        HiveServer2Option hive;
        @Mixin
        ZooKeeperOption zookeeper;
        @Mixin
        PinotBrokerOption pinot;
    }

    private static Probe parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }

    @Test
    void theDataDirectorysStackPropertiesGiveWhatTheOptionsDoNot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.properties"), String.join("\n",
                "kafka.bootstrap=127.0.0.1:29092", "hive.jdbc.url=jdbc:hive2://127.0.0.1:29010/default",
                "pinot.zookeeper=127.0.0.1:29181", "pinot.broker.url=http://127.0.0.1:29099", ""));
        Probe p = parse("--data-dir", dir.toString(), "--zookeeper", "zk:2181");
        assertThat(p.dir.given()).isTrue();
        assertThat(p.dir.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(p.kafka.bootstrap(p.dir)).isEqualTo("127.0.0.1:29092");
        assertThat(p.hive.url(p.dir)).isEqualTo("jdbc:hive2://127.0.0.1:29010/default");
        assertThat(p.hive.given()).isEmpty();
        assertThat(p.pinot.hostPort(p.dir)).as("the URL's scheme dropped").isEqualTo("127.0.0.1:29099");
        assertThat(p.zookeeper.connect(p.dir)).as("an option wins").isEqualTo("zk:2181");
        assertThat(p.zookeeper.given()).contains("zk:2181");
    }

    @Test
    void withoutALocalStackTheDefaultLocalStacksEndpoints(@TempDir Path empty) {
        Probe p = parse("--data-dir", empty.toString());
        assertThat(p.kafka.bootstrap(p.dir)).isEqualTo(DefaultEndpoints.KAFKA_BOOTSTRAP);
        assertThat(p.hive.url(p.dir)).isEqualTo(DefaultEndpoints.HIVE_JDBC_URL);
        assertThat(p.zookeeper.connect(p.dir)).isEqualTo(DefaultEndpoints.PINOT_ZOOKEEPER);
        assertThat(p.pinot.hostPort(p.dir)).isEqualTo(DefaultEndpoints.PINOT_BROKER_URL.replace("http://", ""));
    }

    @Test
    void theOldSpellingsKeepWorking(@TempDir Path empty) {
        String d = empty.toString();
        assertThat(parse("--data-dir", d, "--bootstrap", "k:1").kafka.bootstrap(DataDirOption.of(empty))).isEqualTo("k:1");
        assertThat(parse("--data-dir", d, "--kafka-bootstrap", "k:2").kafka.bootstrap(DataDirOption.of(empty))).isEqualTo("k:2");
        assertThat(parse("--hive-jdbc-url", "jdbc:hive2://a:1/x").hive.given()).contains("jdbc:hive2://a:1/x");
        assertThat(parse("--hiveserver2-url", "none").hive.given()).contains("none");
        assertThat(parse("--hive-url", "jdbc:hive2://b:2/y").hive.given()).contains("jdbc:hive2://b:2/y");
    }
}
