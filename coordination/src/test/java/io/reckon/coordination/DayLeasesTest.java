package io.reckon.coordination;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DayLeasesTest {

    @Test
    void aHolderDescribesItsProcessAndHost() {
        assertThat(DayLeases.holder("batch run b-1")).startsWith("batch run b-1, pid " + ProcessHandle.current().pid()
                + " on ").contains(", since ");
    }

    @Test
    void onlyAHolderOfThisHostWhoseProcessEndedIsKnownToBeDead() throws Exception {
        assertThat(DayLeases.deadOnThisHost(DayLeases.holder("me"))).as("this process").isFalse();

        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String here = DayLeases.holder("x");
        String host = here.substring(here.indexOf(" on ") + 4, here.indexOf(", since "));
        assertThat(DayLeases.deadOnThisHost("reconcile run r-1, pid " + ended.pid() + " on " + host + ", since now"))
                .as("a process of this host that ended").isTrue();
        assertThat(DayLeases.deadOnThisHost("reconcile run r-1, pid " + ended.pid() + " on another-host, since now"))
                .as("another host's process may be alive").isFalse();
        assertThat(DayLeases.deadOnThisHost("someone")).as("not a holder description").isFalse();
    }
}
