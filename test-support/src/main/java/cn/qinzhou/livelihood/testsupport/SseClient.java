package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;


/** A test's subscriber of an SSE stream: the events it has received so far, parsed as a browser would. */
public final class SseClient implements AutoCloseable {

    /** One event: {@code id} null when the event carried none. */
    public record Event(String id, String name, String data) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException(data, e);
            }
        }

        public long sequence() {
            return Long.parseLong(id);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final InputStream body;
    private final int status;
    private final String contentType;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        if (status == 200) {
            Thread reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Connects to {@code url} with the bearer token and extra headers (e.g. Last-Event-ID). */
    public static SseClient open(String url, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return new SseClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The body of a refused subscription (a problem+json). */
    public String errorBody() throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits until an event matches and returns the first that does. */
    public Event await(Predicate<Event> matching, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<Event> now = events();
            for (Event event : now) {
                if (matching.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event within " + within + "; received " + now.size() + ": "
                        + now.subList(Math.max(0, now.size() - 5), now.size()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The events after the first {@code position} event (what a subscriber got after joining). */
    public List<Event> live() {
        List<Event> all = events();
        int at = 0;
        while (at < all.size() && !all.get(at).name().equals("position")) {
            at++;
        }
        return all.subList(Math.min(at + 1, all.size()), all.size());
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        synchronized (events) {
                            events.add(new Event(id, name, data.toString()));
                        }
                    }
                    id = null;
                    name = "message";
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException closed) {
            // the test closed the stream, or the server ended it
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
