package cn.qinzhou.livelihood.benchmarks.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Follows notification-service's SSE feed as the supervision office does, from a given sequence on, and
 * hands each RAISED alert (project id, rule) to a callback the moment its event arrives.
 */
final class AlertFeedListener implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile String failure;

    AlertFeedListener(HttpClient http, String notificationUrl, String token, long afterSequence,
                      BiConsumer<String, String> raised) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(notificationUrl + "/alerts/stream?after=" + afterSequence))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
        reader = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    failure = "alert stream answered " + response.statusCode();
                    return;
                }
                lines = response.body();
                String event = null;
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "RAISED".equals(event)) {
                        JsonNode alert = JSON.readTree(line.substring(5));
                        raised.accept(alert.path("projectId").asText(), alert.path("rule").asText());
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
            } catch (IOException e) {
                failure = lines == null ? "alert stream failed: " + e.getMessage() : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = lines == null ? "alert stream failed: " + e : null;
            }
        }, "alert-feed-listener");
        reader.setDaemon(true);
        reader.start();
    }

    /** Why the stream could not be followed, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
