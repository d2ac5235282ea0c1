package io.reckon.stack.testkit;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.reckon.stack.testkit.StackHandle.Decision.REPAIR;
import static io.reckon.stack.testkit.StackHandle.Decision.REUSE;
import static io.reckon.stack.testkit.StackHandle.Decision.RESTART_STALE;
import static io.reckon.stack.testkit.StackHandle.Decision.START;
import static io.reckon.stack.testkit.StackHandle.decide;
import static org.assertj.core.api.Assertions.assertThat;

class StackHandleTest {
    private static final long SELF = 100;
    private static final long BUILD = 10;

    @Test
    void aStackThatIsNotUpIsStartedCleanUnlessARunningBuildOwnsIt() {
        assertThat(decide(false, Optional.empty(), SELF, BUILD, pid -> true)).isEqualTo(START);
        assertThat(decide(false, Optional.of(7L), SELF, BUILD, pid -> false)).as("an ended build's").isEqualTo(START);
    }

    @Test
    void aStackOfThisBuildThatStoppedAnsweringIsRepairedNeverWipedUnderIt() {
        assertThat(decide(false, Optional.of(BUILD), SELF, BUILD, pid -> false)).isEqualTo(REPAIR);
        assertThat(decide(false, Optional.of(7L), SELF, BUILD, pid -> pid == 7L)).as("another running build's")
                .isEqualTo(REPAIR);
    }

    @Test
    void aStackOfThisBuildIsReusedByItsNextModules() {
        assertThat(decide(true, Optional.of(BUILD), SELF, BUILD, pid -> false)).isEqualTo(REUSE);
        assertThat(decide(true, Optional.of(SELF), SELF, SELF, pid -> false)).as("a test JVM without Maven").isEqualTo(REUSE);
    }

    @Test
    void aStackNoBuildOwnsWasStartedOnPurposeAndIsReusedAsItIs() {
        assertThat(decide(true, Optional.empty(), SELF, BUILD, pid -> false)).isEqualTo(REUSE);
    }

    @Test
    void aStackOfAnEndedBuildIsAboutToBeTakenDownByItsReaperSoItIsRestarted() {
        assertThat(decide(true, Optional.of(7L), SELF, BUILD, pid -> false)).isEqualTo(RESTART_STALE);
        // ... but one of a build still running is not restarted under it (two builds in one checkout then share it
        // until the first ends and its reaper stops it: not supported, see docs/stack.md)
        assertThat(decide(true, Optional.of(7L), SELF, BUILD, pid -> pid == 7L)).isEqualTo(REUSE);
    }

    @Test
    void mavenIsRecognisedByItsLauncherInTheCommandLine() {
        assertThat(StackHandle.isMaven("/usr/lib/jvm/java-17/bin/java -classpath /usr/share/maven/boot/plexus-classworlds-2.8.0.jar"
                + " -Dclassworlds.conf=/usr/share/maven/bin/m2.conf org.codehaus.plexus.classworlds.launcher.Launcher -B verify"))
                .isTrue();
        assertThat(StackHandle.isMaven("/bin/sh -c cd /work && java -jar surefirebooter.jar")).isFalse();
        assertThat(StackHandle.isMaven("")).isFalse();
    }
}
