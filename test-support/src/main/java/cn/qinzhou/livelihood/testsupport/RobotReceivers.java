package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the WeCom and DingTalk robot services and a recipient's webhook, on a free local port: each request
 * is checked as the real service would check it (path, JSON shape, size, DingTalk's signature, the webhook's HMAC), a
 * request breaking a rule is answered as they answer it and kept in {@link #violations()}. A test can script the next
 * answers of a path (500, 429 with Retry-After, 400).
 */
public final class RobotReceivers implements AutoCloseable {

    public static final String DING_SECRET = "SEC-test-dingtalk-secret-000";
    public static final String HOOK_KEY = "test-webhook-hmac-key-000";

    /** A request as received, with its JSON body and when it arrived ({@link System#nanoTime()}). */
    public record Received(String path, Map<String, String> query, Map<String, String> headers, JsonNode body, int answeredWith,
                           long receivedAtNanos) {
    }

    public record Answer(int status, String body, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, "", Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Duration> answerDelays = new ConcurrentHashMap<>();

    public RobotReceivers() {
        this(0);
    }

    /** On the given port: a receiver coming back where the sender has been knocking while it was down. */
    public RobotReceivers(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String wecom(String robot) {
        return base() + "/cgi-bin/webhook/send?key=" + robot;
    }

    public String dingtalk(String robot) {
        return base() + "/robot/send?access_token=" + robot;
    }

    public String webhook(String name) {
        return base() + "/hooks/" + name;
    }

    /** The next answers for requests to the path (after them: the usual success). */
    public void script(String path, Answer... answers) {
        scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** The webhook (its name) answers each request only after the wait, as a receiver slow to answer does. */
    public void answerAfter(String webhook, Duration wait) {
        answerDelays.put("/hooks/" + webhook, wait);
    }

    /** Requests to the robot (its key) or webhook (its name), in order. */
    public List<Received> to(String keyOrName) {
        return received.stream().filter(r -> keyOrName.equals(r.query().get("key")) || keyOrName.equals(r.query().get("access_token"))
                || r.path().equals("/hooks/" + keyOrName)).toList();
    }

    public List<String> violations() {
        return violations;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String text = new String(raw, StandardCharsets.UTF_8);
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (IOException e) {
            body = JSON.nullNode();
        }
        String violation = check(exchange.getRequestMethod(), path, query, headers, raw, body);
        Answer answer;
        if (violation != null) {
            violations.add(path + ": " + violation);
            answer = path.startsWith("/hooks/") ? Answer.of(401) : new Answer(200, "{\"errcode\":310000,\"errmsg\":\"" + violation + "\"}", Map.of());
        } else {
            String scriptKey = path.startsWith("/hooks/") ? path : query.getOrDefault("key", query.get("access_token"));
            Deque<Answer> next = scripted.get(scriptKey);
            Answer scriptedAnswer = next == null ? null : next.poll();
            answer = scriptedAnswer != null ? scriptedAnswer
                    : path.startsWith("/hooks/") ? new Answer(204, "", Map.of()) : new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}", Map.of());
        }
        received.add(new Received(path, query, headers, body, answer.status(), arrived));
        Duration delay = answerDelays.get(path);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    /** The rules each service applies to a request; null when it passes. */
    private static String check(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] raw,
                                JsonNode body) {
        if (!"POST".equals(method)) {
            return "method " + method;
        }
        if (!headers.getOrDefault("content-type", "").startsWith("application/json")) {
            return "content type " + headers.get("content-type");
        }
        if (path.equals("/cgi-bin/webhook/send")) {
            if (query.get("key") == null) {
                return "no key";
            }
            if (!"markdown".equals(body.path("msgtype").asText()) || !body.path("markdown").path("content").isTextual()) {
                return "not a markdown message";
            }
            if (body.path("markdown").path("content").asText().getBytes(StandardCharsets.UTF_8).length > 4096) {
                return "content over 4096 bytes";
            }
            return null;
        }
        if (path.equals("/robot/send")) {
            String timestamp = query.get("timestamp");
            String sign = query.get("sign");
            if (query.get("access_token") == null || timestamp == null || sign == null) {
                return "no access_token, timestamp or sign";
            }
            if (Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > 3_600_000) {
                return "timestamp more than an hour off";
            }
            String expected = Base64.getEncoder().encodeToString(hmac(DING_SECRET, timestamp + "\n" + DING_SECRET));
            if (!expected.equals(sign)) {
                return "sign does not match";
            }
            if (!"markdown".equals(body.path("msgtype").asText()) || !body.path("markdown").path("title").isTextual()
                    || !body.path("markdown").path("text").isTextual()) {
                return "not a markdown message with title and text";
            }
            return null;
        }
        if (path.startsWith("/hooks/")) {
            if (headers.get("x-livelihood-delivery-id") == null) {
                return "no X-Livelihood-Delivery-Id";
            }
            String expected = "sha256=" + HexFormat.of().formatHex(hmac(HOOK_KEY, raw));
            if (!expected.equals(headers.get("x-livelihood-signature"))) {
                return "signature does not match";
            }
            return body.path("deliveryId").isTextual() ? null : "no deliveryId in the body";
        }
        return "unknown path";
    }

    private static byte[] hmac(String key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    public List<Received> all() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
