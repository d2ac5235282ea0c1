package io.reckon.stack.location;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HiveJdbcUrlTest {

    @Test
    void theTimeoutGoesIntoTheSessionVariablesBeforeHiveConfAndHiveVars() {
        assertThat(HiveJdbcUrl.bounded("jdbc:hive2://127.0.0.1:19010/default"))
                .isEqualTo("jdbc:hive2://127.0.0.1:19010/default;socketTimeout=60000");
        assertThat(HiveJdbcUrl.bounded("jdbc:hive2://h:1/db;transportMode=binary?hive.x=1#v=2", Duration.ofSeconds(5)))
                .isEqualTo("jdbc:hive2://h:1/db;transportMode=binary;socketTimeout=5000?hive.x=1#v=2");
        assertThat(HiveJdbcUrl.bounded("jdbc:hive2://h:1/db;", Duration.ofSeconds(5)))
                .isEqualTo("jdbc:hive2://h:1/db;socketTimeout=5000");
        assertThat(HiveJdbcUrl.bounded("jdbc:hive2://h:1/db#v=2", Duration.ofSeconds(5)))
                .isEqualTo("jdbc:hive2://h:1/db;socketTimeout=5000#v=2");
    }

    @Test
    void aTimeoutTheUrlSetsIsKept() {
        String url = "jdbc:hive2://h:1/db;socketTimeout=120000";
        assertThat(HiveJdbcUrl.bounded(url)).isSameAs(url);
        // A hive conf or variable of that name is not the session variable.
        assertThat(HiveJdbcUrl.bounded("jdbc:hive2://h:1/db?socketTimeout=1", Duration.ofSeconds(2)))
                .isEqualTo("jdbc:hive2://h:1/db;socketTimeout=2000?socketTimeout=1");
    }

    @Test
    void anUnboundedTimeoutIsRefused() {
        assertThatThrownBy(() -> HiveJdbcUrl.bounded("jdbc:hive2://h:1/db", Duration.ZERO))
                .hasMessageContaining("positive");
    }
}
