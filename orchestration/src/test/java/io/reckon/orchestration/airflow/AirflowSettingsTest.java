package io.reckon.orchestration.airflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirflowSettingsTest {
    @Test
    void fromTheEnvironment() {
        AirflowSettings s = AirflowSettings.resolve(Map.of("RECKON_AIRFLOW_URL", "http://127.0.0.1:18080/",
                "RECKON_AIRFLOW_USERNAME", "ops", "RECKON_AIRFLOW_PASSWORD", "hunter2"), null, null);
        assertThat(s.url()).hasToString("http://127.0.0.1:18080");
        assertThat(s.username()).isEqualTo("ops");
        assertThat(s.toString()).doesNotContain("hunter2").contains("***");
    }

    @Test
    void aFileWinsOverTheEnvironmentAndTheUrlOptionOverBoth(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("airflow.properties");
        Files.writeString(f, "url=http://airflow.example:8080\nusername=file-user\npassword=s3cret\n");
        AirflowSettings s = AirflowSettings.resolve(Map.of("RECKON_AIRFLOW_CREDENTIALS_FILE", f.toString(),
                "RECKON_AIRFLOW_USERNAME", "env-user", "RECKON_AIRFLOW_PASSWORD", "x"), null, null);
        assertThat(s.username()).isEqualTo("file-user");
        assertThat(s.url()).hasToString("http://airflow.example:8080");
        assertThat(AirflowSettings.resolve(Map.of(), f, "https://other:1234").url()).hasToString("https://other:1234");
    }

    @Test
    void aTokenAlone() {
        AirflowSettings s = AirflowSettings.resolve(Map.of("RECKON_AIRFLOW_TOKEN", "eyJ.secret.jwt"), null, null);
        assertThat(s.url()).hasToString(AirflowSettings.DEFAULT_URL);
        assertThat(s.toString()).doesNotContain("eyJ");
    }

    @Test
    void missingCredentialsOrBadUrlsAreOneLineErrorsWithoutSecrets(@TempDir Path dir) {
        assertThatThrownBy(() -> AirflowSettings.resolve(Map.of("RECKON_AIRFLOW_PASSWORD", "pw"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECKON_AIRFLOW_USERNAME")
                .hasMessageNotContaining("pw\n");
        assertThatThrownBy(() -> AirflowSettings.resolve(Map.of("RECKON_AIRFLOW_TOKEN", "t"), null, "ftp://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> AirflowSettings.resolve(Map.of(), dir.resolve("missing"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    }

    @Test
    void errorDetailsAreCondensed() {
        assertThat(AirflowClient.detail("{\"detail\":\"Dag with dag_id: 'x' not found\"}"))
                .isEqualTo("Dag with dag_id: 'x' not found");
        assertThat(AirflowClient.detail("{\"detail\":[{\"loc\":[\"body\",\"logical_date\"],\"msg\":\"Field required\"}]}"))
                .isEqualTo("body.logical_date: Field required");
        assertThat(AirflowClient.detail("{\"detail\":{\"reason\":\"Unique constraint violation\",\"statement\":\"hidden\"}}"))
                .isEqualTo("Unique constraint violation");
        assertThat(AirflowClient.detail("<html>Bad Gateway</html>")).isEqualTo("<html>Bad Gateway</html>");
        assertThat(AirflowClient.runIdFor(java.time.LocalDate.of(2025, 3, 4))).isEqualTo("nightly__2025-03-04");
    }
}
