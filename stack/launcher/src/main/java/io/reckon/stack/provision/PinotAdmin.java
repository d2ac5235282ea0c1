package io.reckon.stack.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.stack.StackException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few Pinot controller REST calls provisioning needs: add or update a schema and a table. */
public final class PinotAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Pinot 0.11 hangs on an HTTP/2 upgrade attempt: HTTP/1.1 only.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String controllerUrl;

    public PinotAdmin(String controllerUrl) {
        this.controllerUrl = controllerUrl;
    }

    /** Adds the schema, or replaces it if it exists (the controller then reloads the tables that use it). */
    public void putSchema(String schemaJson) {
        String name = field(schemaJson, "schemaName");
        call("POST", "/schemas?override=true", schemaJson, "schema " + name);
    }

    /** Creates the table, or updates its config if it exists. Returns true if it was created. */
    public boolean putTable(String tableJson) {
        String name = field(tableJson, "tableName");
        String type = field(tableJson, "tableType");
        HttpResponse<String> existing = send("GET", "/tables/" + name + "?type=" + type.toLowerCase(), null);
        boolean exists = existing.statusCode() == 200 && readTree(existing.body()).has(type.toUpperCase());
        if (exists) {
            call("PUT", "/tables/" + name, tableJson, "table " + name);
            return false;
        }
        call("POST", "/tables", tableJson, "table " + name);
        return true;
    }

    /**
     * Deletes a table. A REALTIME table's consumption is paused first, and the delete waits (up to a minute) until it
     * has no consuming segment left: Pinot 0.11 can crash the whole server JVM (SIGSEGV) when it destroys a
     * CONSUMING segment of an upsert table, because the upsert metadata manager reads the segment while it is freed
     * (seen on this stack; hs_err in MutableSegmentImpl.getValue from ConcurrentMapPartitionUpsertMetadataManager
     * .removeSegment). Committed segments take the safe ONLINE-to-OFFLINE path.
     */
    public void deleteTable(String name) {
        HttpResponse<String> paused = send("POST", "/tables/" + name + "/pauseConsumption", null);
        if (paused.statusCode() / 100 == 2) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                HttpResponse<String> status = send("GET", "/tables/" + name + "/pauseStatus", null);
                // Only a known "nothing consuming" lets the delete go ahead; an unanswered status is not that.
                JsonNode consuming = status.statusCode() == 200 ? readTree(status.body()).path("consumingSegments")
                        : null;
                if (consuming != null && consuming.isArray() && consuming.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    // Deleting now is what can crash the server: leave the (paused) table for a later delete.
                    throw new StackException("Pinot table " + name + " still has consuming segments 1 min after "
                            + "pausing its consumption (" + (consuming != null ? consuming : "pauseStatus answered "
                            + status.statusCode()) + "); not deleted");
                }
                try {
                    Thread.sleep(500); // poll interval while Pinot commits the consuming segments
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while pausing " + name);
                }
            }
        }
        send("DELETE", "/tables/" + name, null);
    }

    public void deleteSchema(String name) {
        send("DELETE", "/schemas/" + name, null);
    }

    private void call(String method, String path, String body, String what) {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new StackException("Pinot refused " + what + " (" + method + " " + path + " -> " + r.statusCode() + "): "
                    + r.body().replaceAll("\\s+", " "));
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controllerUrl + path)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StackException("cannot reach the Pinot controller at " + controllerUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while calling Pinot");
        }
    }

    private static String field(String json, String field) {
        JsonNode v = readTree(json).get(field);
        if (v == null || !v.isTextual()) {
            throw new StackException("Pinot definition without \"" + field + "\": " + json.substring(0, Math.min(80, json.length())));
        }
        return v.asText();
    }

    static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new StackException("invalid JSON in Pinot definition: " + e.getMessage(), e);
        }
    }
}
