package io.reckon.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reckon.stack.StackException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** What a dashboard sees in Pinot for one day: every row, read through the broker (never SUM(): it is a double). */
public final class PinotDay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ROWS = 2_000_000;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String brokerUrl;
    private final String table;

    public PinotDay(String brokerUrl, String table) {
        this.brokerUrl = brokerUrl;
        this.table = table;
    }

    public DayNumbers read(LocalDate day) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String sql = "SELECT advertiser_id, campaign_id, ad_id, currency, window_start, impressions, clicks, spend_micros,"
                + " version"
                + " FROM " + table + " WHERE window_start >= " + from + " AND window_start < " + to + " LIMIT " + MAX_ROWS;
        JsonNode response = query(sql);
        JsonNode rows = response.path("resultTable").path("rows");
        if (rows.size() >= MAX_ROWS) {
            throw new StackException("the demo day has more than " + MAX_ROWS + " rows in Pinot; use a smaller --count");
        }
        DayNumbers day1 = new DayNumbers();
        for (JsonNode r : rows) {
            String key = r.get(0).asText() + "|" + r.get(1).asText() + "|" + r.get(2).asText() + "|" + r.get(3).asText()
                    + "|" + r.get(4).asLong();
            day1.put(key, r.get(5).asLong(), r.get(6).asLong(), r.get(7).asLong());
            day1.versions.put(key, r.get(8).asLong());
        }
        return day1;
    }

    private JsonNode query(String sql) {
        try {
            String body = JSON.writeValueAsString(java.util.Map.of("sql", sql));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(brokerUrl + "/query/sql"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(r.body());
            if (r.statusCode() != 200 || json.path("exceptions").size() > 0) {
                throw new StackException("Pinot query failed (" + r.statusCode() + "): " + json.path("exceptions"));
            }
            return json;
        } catch (IOException e) {
            throw new StackException("cannot query Pinot at " + brokerUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while querying Pinot");
        }
    }
}
