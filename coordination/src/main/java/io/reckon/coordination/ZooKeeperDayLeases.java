package io.reckon.coordination;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link DayLeases} in ZooKeeper, which every host of a deployment reaches (locally the stack's, which Pinot uses):
 *
 * <ul>
 *   <li>a day's lease is the ephemeral node {@code /reckon-coordination/<pipeline>/days/<yyyy-mm-dd>}, holding its
 *       holder's description. ZooKeeper removes it when the holder's session ends: at once on a clean exit, at most
 *       the session timeout (default {@link #DEFAULT_SESSION_TIMEOUT}) after the holder died or stopped answering;</li>
 *   <li>run sequences come from the persistent node {@code /reckon-coordination/<pipeline>/run-sequence}, holding the
 *       last one reserved, advanced by compare-and-set on its version.</li>
 * </ul>
 *
 * The pipeline is its Hive database (its exact tables live there): two pipelines on one stack never share a lease.
 * Every call is bounded by the session timeout (the client gives up a request when the connection is lost).
 */
public final class ZooKeeperDayLeases implements DayLeases {
    static final String ROOT = "/reckon-coordination";
    /** Well under the 60 s in which a dead holder's lease must end; the server caps it at 20 ticks (40 s). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(20);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int ATTEMPTS = 100;

    private final String connect;
    private final String base;
    private final Duration sessionTimeout;
    private final ZooKeeper zk;
    private volatile boolean expired;

    private ZooKeeperDayLeases(String connect, String pipeline, Duration sessionTimeout) throws IOException,
            InterruptedException {
        if (!PIPELINE.matcher(pipeline).matches() || pipeline.matches("\\.+")) {
            throw new IllegalArgumentException("'" + pipeline + "' cannot name a pipeline's leases");
        }
        this.connect = connect;
        this.base = ROOT + "/" + pipeline;
        this.sessionTimeout = sessionTimeout;
        CountDownLatch connected = new CountDownLatch(1);
        this.zk = new ZooKeeper(connect, (int) sessionTimeout.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            } else if (event.getState() == Watcher.Event.KeeperState.Expired) {
                expired = true;
            }
        });
        if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + connect + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (the day leases live there)");
        }
    }

    /** Connects with {@link #DEFAULT_SESSION_TIMEOUT}. */
    public static ZooKeeperDayLeases connect(String connect, String pipeline) {
        return connect(connect, pipeline, DEFAULT_SESSION_TIMEOUT);
    }

    public static ZooKeeperDayLeases connect(String connect, String pipeline, Duration sessionTimeout) {
        try {
            return new ZooKeeperDayLeases(connect, pipeline, sessionTimeout);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to ZooKeeper at " + connect + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper at " + connect, e);
        }
    }

    @Override
    public DayLease acquire(LocalDate day, String holder) {
        String path = base + "/days/" + day;
        return call("take the lease " + path, () -> {
            ensure(base + "/days");
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    zk.create(path, holder.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.EPHEMERAL);
                    return new Lease(day, path);
                } catch (KeeperException.NodeExistsException held) {
                    String other;
                    try {
                        other = new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
                    } catch (KeeperException.NoNodeException justReleased) {
                        continue;
                    }
                    if (DayLeases.deadOnThisHost(other) && awaitGone(path)) {
                        continue;  // its holder was killed here: its session has ended meanwhile
                    }
                    throw new LeaseHeldException(day + " is being processed by " + other + " (its lease " + connect
                            + path + " ends when that run does, or about " + sessionTimeout.toSeconds()
                            + " s after it died)", other);
                }
            }
            throw new IllegalStateException("the lease " + path + " kept changing hands");
        });
    }

    /**
     * Waits (at most twice the session timeout, the longest a dead holder's session can outlive it) until the node
     * is gone: a run started right after another one was killed on this host need not be refused.
     */
    private boolean awaitGone(String path) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + sessionTimeout.multipliedBy(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (zk.exists(path, false) == null) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Override
    public long reserveRunSequence(long floor) {
        String path = base + "/run-sequence";
        return call("reserve a run sequence at " + path, () -> {
            ensure(base);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    Stat stat = new Stat();
                    long last = Long.parseLong(new String(zk.getData(path, false, stat), StandardCharsets.UTF_8).trim());
                    long next = Math.max(last, floor) + 1;
                    zk.setData(path, Long.toString(next).getBytes(StandardCharsets.UTF_8), stat.getVersion());
                    return next;
                } catch (KeeperException.NoNodeException first) {
                    try {
                        zk.create(path, Long.toString(floor + 1).getBytes(StandardCharsets.UTF_8),
                                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                        return floor + 1;
                    } catch (KeeperException.NodeExistsException raced) {
                        // another run created it meanwhile: read it again
                    }
                } catch (KeeperException.BadVersionException raced) {
                    // another run reserved one meanwhile: read it again
                }
            }
            throw new IllegalStateException("could not reserve a run sequence at " + path + " in " + ATTEMPTS
                    + " attempts");
        });
    }

    @Override
    public void close() {
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensure(String path) throws KeeperException, InterruptedException {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            prefix.append('/').append(part);
            try {
                zk.create(prefix.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException exists) {
                // as wanted
            }
        }
    }

    private interface ZkCall<T> {
        T call() throws KeeperException, InterruptedException;
    }

    private <T> T call(String what, ZkCall<T> call) {
        try {
            return call.call();
        } catch (KeeperException e) {
            throw new IllegalStateException("cannot " + what + " in ZooKeeper at " + connect + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private final class Lease implements DayLease {
        private final LocalDate day;
        private final String path;
        private final long session;

        Lease(LocalDate day, String path) {
            this.day = day;
            this.path = path;
            this.session = zk.getSessionId();
        }

        @Override
        public boolean held() {
            if (expired || !zk.getState().isConnected() || zk.getSessionId() != session) {
                return false;
            }
            try {
                // Read after a sync: a follower of a ZooKeeper ensemble may lag behind the leader.
                CountDownLatch synced = new CountDownLatch(1);
                zk.sync(path, (rc, p, ctx) -> synced.countDown(), null);
                if (!synced.await(sessionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
                Stat stat = zk.exists(path, false);
                return stat != null && stat.getEphemeralOwner() == session;
            } catch (KeeperException e) {
                return false;  // cannot be checked: not held, as far as a writer is concerned
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public String describe() {
            return "the lease of " + day + " (" + connect + path + ")";
        }

        @Override
        public void close() {
            if (!held()) {
                return;
            }
            try {
                zk.delete(path, -1);
            } catch (KeeperException e) {
                // gone already, or the session ends with the process: the lease ends with it either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
