package io.reckon.demo;

import io.reckon.stack.StackException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code demo --keep-stack}: leaves the dashboard running on the demo's pipeline ({@code bin/reckon serve --detach}),
 * with an admin key of its own in {@code <data dir>/dashboard/api-keys} (written once, readable by its owner only),
 * and prints where to open it. {@code bin/reckon stack down} stops it with the stack.
 */
final class DashboardLaunch {
    static final int PORT = 19380;
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private DashboardLaunch() {
    }

    static void start(ReckonCommands reckon, Path dataDir, PrintStream out) {
        Path keys = dataDir.resolve("dashboard").resolve("api-keys");
        String secret = adminSecret(keys);
        if (up()) {
            out.println("== the dashboard is already running");
        } else {
            reckon.require("serve", Duration.ofMinutes(5), "serve", "--detach", "--port", Integer.toString(PORT));
            awaitUp(reckon);
        }
        out.println("== the dashboard: http://127.0.0.1:" + PORT + "/#key=" + secret);
        out.println("   (admin key in " + keys + "; API in docs/dashboard.md; bin/reckon stack down stops it)");
    }

    /** The demo's admin secret, written on first use. */
    private static String adminSecret(Path keys) {
        try {
            if (Files.isRegularFile(keys)) {
                Optional<String> secret = Files.readAllLines(keys).stream().map(String::strip)
                        .filter(l -> l.startsWith("demo ") && l.endsWith(" admin")).map(l -> l.split("\\s+")[1])
                        .filter(s -> !s.startsWith("sha256:")).findFirst();
                if (secret.isPresent()) {
                    return secret.get();
                }
                throw new StackException(keys + " has no 'demo <secret> admin' line; add one or remove the file");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Files.createDirectories(keys.getParent());
            Files.createFile(keys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keys, "# bin/reckon serve's API keys: <name> <secret> admin|<advertiser>[,...]\n"
                    + "demo " + secret + " admin\n");
            return secret;
        } catch (IOException e) {
            throw new StackException("cannot write the dashboard's key to " + keys + ": " + e.getMessage(), e);
        }
    }

    private static boolean up() {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/healthz"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitUp(ReckonCommands reckon) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!up()) {
            if (System.nanoTime() > deadline) {
                throw new StackException("the dashboard did not answer on port " + PORT + " within "
                        + STARTUP.toSeconds() + " s; see the data directory's logs/serve.log");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the dashboard");
            }
        }
    }
}
