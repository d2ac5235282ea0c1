package io.reckon.orchestration.nightly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class NightlyStateTest {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 4);

    /** A state file as the chain wrote it before the state was typed, with a field and a status it never knew of. */
    private static final String WRITTEN_BY_THE_PREVIOUS_VERSION = """
            {
              "date" : "2025-03-04",
              "created_at" : "2025-03-05T02:00:00.123Z",
              "steps" : {
                "archive_check" : {"status" : "done", "started_at" : "2025-03-05T02:00:00.2Z", "seconds" : 1.5,
                                   "finished_at" : "2025-03-05T02:00:01.7Z"},
                "batch" : {"status" : "running", "started_at" : "2025-03-05T02:00:02Z", "pid" : 4242,
                           "pid_started_at" : "2025-03-05T02:00:02.010Z"},
                "reconcile" : {"status" : "paused_by_a_newer_version", "attempt" : 2}
              },
              "status" : "running",
              "late_days" : ["2025-03-01"],
              "added_by_a_newer_version" : {"x" : 1}
            }
            """;

    @Test
    void aStateFileOfThePreviousVersionLoads(@TempDir Path dir) throws Exception {
        NightlyStateFile files = new NightlyStateFile(dir);
        Files.writeString(files.file(DAY), WRITTEN_BY_THE_PREVIOUS_VERSION);
        NightlyState s = files.load(DAY);
        assertThat(s.date).isEqualTo("2025-03-04");
        assertThat(s.status).isEqualTo(NightlyState.Status.RUNNING);
        assertThat(s.lateDays).containsExactly("2025-03-01");
        assertThat(s.isDone("archive_check")).isTrue();
        assertThat(s.step("archive_check").seconds).isEqualTo(1.5);
        assertThat(s.step("batch").status).isEqualTo(NightlyState.Status.RUNNING);
        assertThat(s.step("batch").pid).isEqualTo(4242L);
        assertThat(s.step("batch").pidStartedAt).isEqualTo("2025-03-05T02:00:02.010Z");
        assertThat(s.isDone("batch")).isFalse();
        assertThat(s.step("reconcile").status).isEqualTo(NightlyState.Status.UNKNOWN);
        assertThat(s.isDone("reconcile")).as("an unknown status runs the step again").isFalse();
        assertThat(s.step("verify_final")).isNull();

        // What this version does not know is written back as it was.
        files.save(DAY, s);
        String saved = Files.readString(files.file(DAY));
        assertThat(saved).contains("\"added_by_a_newer_version\"").contains("\"attempt\" : 2");
    }

    @Test
    void whatIsSavedLoadsBackWithTheSameNames(@TempDir Path dir) throws Exception {
        NightlyStateFile files = new NightlyStateFile(dir);
        NightlyState s = NightlyState.fresh(DAY);
        s.status = NightlyState.Status.FAILED;
        s.error = "reconcile exited with 1";
        NightlyState.Step step = s.start("batch");
        step.pid = 7L;
        files.save(DAY, s);

        String json = Files.readString(files.file(DAY));
        assertThat(json).contains("\"status\" : \"failed\"").contains("\"started_at\"").contains("\"pid\" : 7")
                .doesNotContain("finished_at").doesNotContain("\"RUNNING\"");
        NightlyState back = files.load(DAY);
        assertThat(back.status).isEqualTo(NightlyState.Status.FAILED);
        assertThat(back.error).isEqualTo("reconcile exited with 1");
        assertThat(back.step("batch").status).isEqualTo(NightlyState.Status.RUNNING);
        assertThat(back.step("batch").pid).isEqualTo(7L);
        assertThat(dir.resolve(DAY + ".json.tmp")).doesNotExist();
    }

    @Test
    void aDayNeverRunIsFresh(@TempDir Path dir) {
        NightlyState s = new NightlyStateFile(dir).load(DAY);
        assertThat(s.date).isEqualTo("2025-03-04");
        assertThat(s.status).isNull();
        assertThat(s.steps).isEmpty();
    }
}
