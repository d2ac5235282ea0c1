package io.reckon.coordination;

import io.reckon.stack.testkit.LocalStackExtension;
import io.reckon.stack.testkit.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The day leases and run sequences on the real ZooKeeper of the local stack. */
@ExtendWith(LocalStackExtension.class)
class ZooKeeperDayLeasesITCase {
    private static final LocalDate DAY = LocalDate.parse("2025-11-25");

    private static String zookeeper(StackEndpoints stack) {
        return stack.get("pinot.zookeeper");
    }

    @Test
    void oneHolderPerDayNamedToTheOthersAndFreeOnceReleased(StackEndpoints stack) {
        String pipeline = StackEndpoints.uniqueName("lease_it");
        try (DayLeases a = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline);
             DayLeases b = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline);
             DayLeases other = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline + "_other")) {
            DayLease held = a.acquire(DAY, "reconcile run recon-1 (test)");
            assertThat(held.held()).isTrue();
            assertThatThrownBy(() -> b.acquire(DAY, "batch run batch-2 (test)"))
                    .isInstanceOf(LeaseHeldException.class)
                    .hasMessageStartingWith("2025-11-25 is being processed by reconcile run recon-1 (test)")
                    .hasMessageContaining("about 20 s after it died");
            try (DayLease nextDay = b.acquire(DAY.plusDays(1), "batch run batch-3 (test)");
                 DayLease otherPipeline = other.acquire(DAY, "batch run batch-4 (test)")) {
                assertThat(nextDay.held()).as("another day is free").isTrue();
                assertThat(otherPipeline.held()).as("another pipeline's day is free").isTrue();
            }
            held.close();
            assertThat(held.held()).isFalse();
            try (DayLease taken = b.acquire(DAY, "batch run batch-5 (test)")) {
                assertThat(taken.held()).isTrue();
            }
        }
    }

    @Test
    void aLeaseRemovedBehindItsHoldersBackIsNoLongerHeld(StackEndpoints stack) throws Exception {
        String pipeline = StackEndpoints.uniqueName("lease_it");
        try (DayLeases a = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline);
             DayLease held = a.acquire(DAY, "reconcile (test)");
             org.apache.zookeeper.ZooKeeper operator = new org.apache.zookeeper.ZooKeeper(zookeeper(stack), 10_000,
                     event -> { })) {
            await().atMost(Duration.ofSeconds(15)).until(() -> operator.getState().isConnected());
            operator.delete(ZooKeeperDayLeases.ROOT + "/" + pipeline + "/days/" + DAY, -1);
            assertThat(held.held()).as("another run may take the day now").isFalse();
        }
    }

    @Test
    void theLeaseOfAHolderKilledWithSigkillEndsWithinItsSessionTimeout(StackEndpoints stack) throws Exception {
        String pipeline = StackEndpoints.uniqueName("lease_it");
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(), zookeeper(stack), pipeline,
                DAY.toString()).redirectErrorStream(true).start();
        try (DayLeases leases = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.equals("HELD")) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(held.get(60, TimeUnit.SECONDS)).as("the holder took the lease").isTrue();
            assertThatThrownBy(() -> leases.acquire(DAY, "after (test)")).isInstanceOf(LeaseHeldException.class)
                    .hasMessageContaining("pid " + holder.pid());

            holder.destroyForcibly();  // SIGKILL: no chance to release it
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();
            DayLease[] taken = new DayLease[1];
            // The promise: at most 60 s after its holder died (the session timeout is 20 s).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> (taken[0] = leases.acquire(DAY, "after (test)")) != null);
            assertThat(taken[0].held()).isTrue();
            System.out.printf("lease free %.1f s after SIGKILL%n", (System.nanoTime() - killedAt) / 1e9);
            taken[0].close();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void runSequencesAreReservedOnceAcrossSessionsAndAboveTheFloor(StackEndpoints stack) throws Exception {
        String pipeline = StackEndpoints.uniqueName("lease_it");
        try (DayLeases a = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline);
             DayLeases b = ZooKeeperDayLeases.connect(zookeeper(stack), pipeline)) {
            assertThat(a.reserveRunSequence(41)).as("the first one is right above the floor").isEqualTo(42);
            List<Long> reserved = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (DayLeases leases : List.of(a, b)) {
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        reserved.add(leases.reserveRunSequence(0));
                    }
                }));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Set<Long> distinct = new TreeSet<>(reserved);
            assertThat(distinct).as("no sequence twice").hasSize(50);
            assertThat(distinct).allMatch(s -> s > 42 && s <= 92);
            assertThat(b.reserveRunSequence(1_000)).as("a higher floor (Hive or Pinot know a higher one)")
                    .isEqualTo(1_001);
            assertThat(a.reserveRunSequence(5)).isEqualTo(1_002);
        }
    }
}
