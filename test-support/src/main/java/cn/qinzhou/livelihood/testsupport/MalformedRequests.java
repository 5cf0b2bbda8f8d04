package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A corpus of malformed requests, generated systematically from one valid body per write endpoint: every
 * field is mutated in each way its rule forbids (missing, null, wrong type, blank, too long, boundary numbers,
 * SQL and script fragments where they break the field's rule), and every body also gets the faults no endpoint
 * may accept (empty, not JSON, truncated, bad UTF-8, huge, deeply nested, unknown fields, wrong content type).
 * Every case is invalid for a stated reason; odd but valid text (a SQL fragment in a narrative) is not here,
 * because it must be accepted and stored verbatim.
 */
public final class MalformedRequests {

    /** Amounts stay as written ("500000.00", not 5E+5) when a body goes through a tree. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    static final String SQL = "'; drop table outbox_event; --";
    static final String SCRIPT = "<script>alert(document.cookie)</script>";
    // HTTP/1.1 as browsers and curl send it; the client's default h2c upgrade would meet a 413 with GOAWAY
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Over the 2M body limit every service sets. */
    static final int HUGE_BYTES = 3 * 1024 * 1024;

    /** One malformed request and the field it breaks ("body" for whole-body faults, "path" for the URL). */
    public record Case(String endpoint, String field, String fault, String method, String path, String contentType,
                       byte[] body) {
        @Override
        public String toString() {
            return endpoint + " [" + field + ": " + fault + "]";
        }
    }

    /** What the service answered to one case. */
    public record Answer(Case request, int status, String contentType, String body) {

        /** Why this answer is not a clean refusal, or empty when it is one. */
        public Optional<String> unclean() {
            if (status < 0) {
                return Optional.of("no answer: " + body);
            }
            if (status < 400 || status >= 500) {
                return Optional.of("status " + status);
            }
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return Optional.of("content type " + contentType);
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return Optional.of("body is not JSON: " + abbreviate(body));
            }
            if (problem.path("status").asInt() != status || problem.path("title").asText().isBlank()) {
                return Optional.of("problem without matching status and title: " + abbreviate(body));
            }
            if (body.contains("Exception") || body.contains("\tat ")) {
                return Optional.of("leaks an exception: " + abbreviate(body));
            }
            return Optional.empty();
        }

        /** Which of the problem's title, detail and violation messages holds no Chinese, or empty when none. */
        public Optional<String> notChinese() {
            JsonNode problem;
            try {
                problem = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return Optional.of("body is not JSON: " + abbreviate(body));
            }
            List<String> english = new ArrayList<>();
            if (!isChinese(problem.path("title").asText())) {
                english.add("title");
            }
            if (problem.has("detail") && !isChinese(problem.path("detail").asText())) {
                english.add("detail");
            }
            for (JsonNode violation : problem.path("violations")) {
                if (!isChinese(violation.path("message").asText())) {
                    english.add("violation of " + violation.path("field").asText());
                }
            }
            return english.isEmpty() ? Optional.empty()
                    : Optional.of("not in Chinese: " + english + " in " + abbreviate(body));
        }

        /** Why this answer is not a clean refusal naming the broken field, or empty when it is one. */
        public Optional<String> problem() {
            Optional<String> unclean = unclean();
            if (unclean.isPresent() || namesTheField()) {
                return unclean;
            }
            return Optional.of("400 does not name the field: " + abbreviate(body));
        }

        /** True when a 400 names the broken field (or a field inside it) in its violations or detail. */
        public boolean namesTheField() {
            if (status != 400 || request.field().equals("body") || request.field().equals("path")) {
                return true;
            }
            String leaf = request.field().replaceAll("\\[\\d+]", "");
            leaf = leaf.substring(leaf.lastIndexOf('.') + 1);
            return body.contains(leaf) || body.contains("\"body\"");
        }
    }

    public static Endpoint endpoint(String name, String method, String path) {
        return new Endpoint(name, method, path);
    }

    /**
     * One test per case, named by it: the case is sent with the bearer token and must be refused cleanly, naming
     * the field it breaks; then {@code unchanged} (nothing stored, no event written) must still hold.
     */
    public static Stream<DynamicTest> eachRefusedCleanly(URI base, String bearerToken, List<Case> cases, Executable unchanged) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Answer answer = send(base, bearerToken, c);
            Optional<String> problem = answer.problem();
            if (problem.isPresent()) {
                throw new AssertionError(c + " -> " + problem.get());
            }
            try {
                unchanged.execute();
            } catch (AssertionError e) {
                throw new AssertionError(c + " -> changed what a refused request must not: " + e.getMessage(), e);
            }
        }));
    }

    /**
     * One test per case, named by it: the case is sent with {@code Accept-Language: zh-CN} and must be refused
     * cleanly, naming the field it breaks, with its title, its detail and every violation's message in Chinese
     * (each holds a CJK character): nothing a client shows is left in English.
     */
    public static Stream<DynamicTest> eachRefusedInChinese(URI base, String bearerToken, List<Case> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest("zh-CN " + c, () -> {
            Answer answer = send(base, bearerToken, c, "zh-CN");
            Optional<String> problem = answer.problem().or(answer::notChinese);
            if (problem.isPresent()) {
                throw new AssertionError(c + " -> " + problem.get());
            }
        }));
    }

    /** Holds a CJK ideograph. */
    public static boolean isChinese(String text) {
        return text != null && text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** Sends one case with the bearer token. */
    public static Answer send(URI base, String bearerToken, Case c) {
        return send(base, bearerToken, c, null);
    }

    /** Sends one case with the bearer token and, unless null, that {@code Accept-Language}. */
    public static Answer send(URI base, String bearerToken, Case c, String acceptLanguage) {
        if (c.body().length > EXPECT_CONTINUE_ABOVE) {
            return sendExpectingContinue(base, bearerToken, c, acceptLanguage);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(c.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json")
                .method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(c, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A connection the server closed on us is an answer too (no 5xx, but not a clean refusal).
            return new Answer(c, -1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a client reads at these paths (relative to {@code base}), each of which must answer 200: the state a
     * refused request must leave as it was, read once before the corpus and again after each case. Read with the
     * same plain client the cases go out on, not RestAssured, whose per-request cost was most of a corpus's run.
     */
    public static String read(URI base, String bearerToken, String... paths) {
        StringBuilder state = new StringBuilder();
        for (String path : paths) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + bearerToken)
                        .header("Accept", "application/json")
                        .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() != 200) {
                    throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
                }
                state.append(response.body()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("GET " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return state.toString();
    }

    /**
     * A POST with no body and no Content-Type, as curl sends one (RestAssured would name a form type): the
     * status and body of the answer.
     */
    public static Answer postWithoutBody(URI base, String bearerToken, String path) {
        Case bodiless = new Case(path, "body", "no body at all", "POST", path, null, new byte[0]);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + bearerToken)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(bodiless, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            return new Answer(bodiless, -1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bodies above this go as curl sends them: headers with "Expect: 100-continue", the body only after a 100. */
    static final int EXPECT_CONTINUE_ABOVE = 1024 * 1024;

    /**
     * One request over a plain socket, as curl sends a large upload: the headers announce the length and ask
     * for "100 Continue", and the body follows only if the server asks for it. Java's HttpClient (17) waits
     * forever, past its own timeout, when the server answers such a request with a final status instead.
     */
    static Answer sendExpectingContinue(URI base, String bearerToken, Case c, String acceptLanguage) {
        URI target = base.resolve(c.path());
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(30_000);
            String head = c.method() + " " + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nAuthorization: Bearer " + bearerToken + "\r\nAccept: application/json"
                    + (acceptLanguage == null ? "" : "\r\nAccept-Language: " + acceptLanguage)
                    + (c.contentType() == null ? "" : "\r\nContent-Type: " + c.contentType())
                    + "\r\nContent-Length: " + c.body().length + "\r\nExpect: 100-continue\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse response = RawResponse.read(in);
            if (response.status() == 100) {
                out.write(c.body());
                out.flush();
                response = RawResponse.read(in);
            }
            return new Answer(c, response.status(), response.headers().get("content-type"), response.body());
        } catch (IOException e) {
            return new Answer(c, -1, null, e.toString());
        }
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            if (status == 100) {
                return new RawResponse(status, headers, "");
            }
            byte[] body = headers.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
                    : in.readAllBytes();
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed in the response head");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    /** A write endpoint and the mutations of its valid body. */
    public static final class Endpoint {
        private final String name;
        private final String method;
        private final String path;
        private ObjectNode valid = JSON.createObjectNode();
        private boolean bodyRequired = true;
        private boolean jsonBody = true;
        private final List<Case> cases = new ArrayList<>();

        private Endpoint(String name, String method, String path) {
            this.name = name;
            this.method = method;
            this.path = path;
        }

        /** The valid body every mutation starts from. */
        public Endpoint body(Map<String, Object> validBody) {
            this.valid = JSON.valueToTree(validBody);
            return this;
        }

        /** The body may be left out entirely (e.g. an optional note), so no body and "null" are valid. */
        public Endpoint bodyOptional() {
            this.bodyRequired = false;
            return this;
        }

        /** A text field: blank or missing when required, longer than max, or not text at all. */
        public Endpoint text(String field, boolean required, int max) {
            if (required) {
                absent(field);
                with(field, "blank", "");
                with(field, "only spaces", "   ");
            }
            with(field, "over " + max + " characters", "长".repeat(max + 1));
            with(field, "script fragment over " + max + " characters", repeatTo(SCRIPT, max + 1));
            with(field, "SQL fragment over " + max + " characters", repeatTo(SQL, max + 1));
            with(field, "an object", Map.of("text", "x"));
            with(field, "an array", List.of("x"));
            notText(field);
            return this;
        }

        /** Yuan: not negative, at most 14 integer digits and 2 decimals. */
        public Endpoint money(String field, boolean required) {
            if (required) {
                absent(field);
            }
            with(field, "negative", new java.math.BigDecimal("-0.01"));
            with(field, "three decimals", new java.math.BigDecimal("1.005"));
            with(field, "15 integer digits", new java.math.BigDecimal("100000000000000"));
            with(field, "1e400", new java.math.BigDecimal("1e400"));
            notANumber(field);
            return this;
        }

        /** A percentage from 0 to 100 with at most 2 decimals. */
        public Endpoint percent(String field, boolean required) {
            if (required) {
                absent(field);
            }
            with(field, "below 0", -1);
            with(field, "above 100", new java.math.BigDecimal("100.01"));
            with(field, "three decimals", new java.math.BigDecimal("50.125"));
            notANumber(field);
            return this;
        }

        /** A whole number: fractions, overflow and non-numbers are refused. */
        public Endpoint integer(String field, boolean required, boolean mayBeNegative) {
            if (required) {
                absent(field);
            }
            if (!mayBeNegative) {
                with(field, "negative", -1);
            }
            with(field, "beyond 64 bits", new java.math.BigInteger("99999999999999999999999"));
            notANumber(field);
            return this;
        }

        /** A code (an id with a pattern, an enum, a period): the given values break its rule. */
        public Endpoint code(String field, boolean required, Object... invalid) {
            if (required) {
                absent(field);
            }
            for (Object value : invalid) {
                with(field, "invalid " + describe(value), value);
            }
            with(field, "SQL fragment", SQL);
            with(field, "script fragment", SCRIPT);
            with(field, "an object", Map.of("code", "x"));
            notText(field);
            return this;
        }

        /** A nested object: absent when required, or replaced by text, a number or an array. */
        public Endpoint object(String field, boolean required) {
            if (required) {
                absent(field);
            }
            with(field, "text instead of an object", "x");
            with(field, "a number instead of an object", 42);
            with(field, "an array instead of an object", List.of(1));
            with(field, "an unknown field inside", merged(field, Map.of("status", "APPROVED")));
            return this;
        }

        /** A list of text: too many entries, blank or too long entries, or not a list. */
        public Endpoint textList(String field, int maxSize, int maxEntry) {
            List<String> many = new ArrayList<>(Collections.nCopies(maxSize + 1, "困难"));
            with(field, "more than " + maxSize + " entries", many);
            with(field, "a blank entry", List.of("  "));
            with(field, "an entry over " + maxEntry + " characters", List.of("难".repeat(maxEntry + 1)));
            with(field, "text instead of a list", "困难");
            with(field, "an object entry", List.of(Map.of("x", 1)));
            with(field, "a number entry", List.of(12));
            return this;
        }

        /** Only the mutations the JSON reader itself refuses (for parts checked later, item by item). */
        public Endpoint wrongTypes(String field) {
            with(field, "an object instead of a value", Map.of("x", 1));
            with(field, "an array instead of a value", List.of(1, 2));
            return this;
        }

        /** A rule across fields, or a value only the service can judge: a whole, otherwise well-formed body. */
        public Endpoint rule(String field, String fault, Map<String, Object> body) {
            cases.add(json(field, fault, path, body));
            return this;
        }

        /** The valid body on a URL whose path variable is malformed. */
        public Endpoint badPath(String fault, String badPath) {
            cases.add(json("path", fault, badPath, valid));
            return this;
        }

        /** A body that is not JSON (a CSV upload): only the cases added with {@link #raw} are sent. */
        public Endpoint notJson() {
            this.jsonBody = false;
            return this;
        }

        /** A request body given as bytes, for faults a JSON body cannot express. */
        public Endpoint raw(String field, String fault, String contentType, byte[] body) {
            cases.add(new Case(name, field, fault, method, path, contentType, body));
            return this;
        }

        public String name() {
            return name;
        }

        /** The field mutations plus the faults every body gets. */
        public List<Case> cases() {
            List<Case> all = new ArrayList<>(cases);
            if (!jsonBody) {
                return all;
            }
            byte[] good = bytes(valid);
            if (bodyRequired) {
                all.add(wholeBody("no body at all", "application/json", new byte[0]));
                all.add(wholeBody("the JSON null", "application/json", utf8("null")));
            }
            all.add(wholeBody("an array instead of an object", "application/json", utf8("[]")));
            all.add(wholeBody("a bare string", "application/json", utf8("\"報告\"")));
            all.add(wholeBody("not JSON", "application/json", utf8("progress=100&narrative=done")));
            all.add(wholeBody("an unclosed object", "application/json", utf8("{")));
            all.add(wholeBody("truncated in the middle", "application/json",
                    java.util.Arrays.copyOf(good, Math.max(1, good.length / 2))));
            all.add(wholeBody("a trailing comma", "application/json",
                    utf8(new String(good, StandardCharsets.UTF_8).replaceFirst("}$", ",}"))));
            all.add(wholeBody("invalid UTF-8 bytes", "application/json", badUtf8()));
            all.add(wholeBody("nested 5000 levels deep", "application/json",
                    utf8("[".repeat(5000) + "]".repeat(5000))));
            all.add(wholeBody("over the 2M body limit", "application/json", huge()));
            ObjectNode extra = valid.deepCopy();
            extra.put("status", "APPROVED");
            all.add(json("status", "an unknown field (mass assignment)", path, extra));
            ObjectNode id = valid.deepCopy();
            id.put("id", 1);
            all.add(json("id", "an unknown id field", path, id));
            all.add(new Case(name, "body", "valid JSON sent as text/plain", method, path, "text/plain; charset=UTF-8", good));
            all.add(new Case(name, "body", "XML", method, path, "application/xml",
                    utf8("<report><progressPercent>100</progressPercent></report>")));
            return all;
        }

        private void absent(String field) {
            ObjectNode body = valid.deepCopy();
            parentOf(body, field).remove(leaf(field));
            cases.add(json(field, "missing", path, body));
            with(field, "null", null);
        }

        /** Scalars of another JSON type are refused, not converted: 12 is not "12", true is not "true". */
        private void notText(String field) {
            with(field, "a number instead of text", 12);
            with(field, "a decimal instead of text", new java.math.BigDecimal("1.5"));
            with(field, "a boolean instead of text", true);
        }

        private void notANumber(String field) {
            with(field, "a number written as text", "1");
            with(field, "text", "abc");
            with(field, "the text NaN", "NaN");
            with(field, "SQL fragment", "1; " + SQL);
            with(field, "script fragment", SCRIPT);
            with(field, "a boolean", true);
            with(field, "an object", Map.of("value", 1));
            with(field, "an array", List.of(1));
        }

        private void with(String field, String fault, Object value) {
            ObjectNode body = valid.deepCopy();
            parentOf(body, field).set(leaf(field), JSON.valueToTree(value));
            cases.add(json(field, fault, path, body));
        }

        private ObjectNode merged(String field, Map<String, Object> extra) {
            JsonNode current = valid.at(pointer(field));
            ObjectNode merged = current.isObject() ? current.deepCopy() : JSON.createObjectNode();
            merged.setAll(JSON.<ObjectNode>valueToTree(extra));
            return merged;
        }

        private Case json(String field, String fault, String onPath, Object body) {
            return new Case(name, field, fault, method, onPath, "application/json", bytes(body));
        }

        private Case wholeBody(String fault, String contentType, byte[] body) {
            return new Case(name, "body", fault, method, path, contentType, body);
        }
    }

    /** The operator's clock (platform's /admin/clock), the same in every service: bad instants and shapes. */
    public static List<Case> clockCases() {
        return endpoint("PUT /admin/clock", "PUT", "admin/clock")
                .body(Map.of("to", "2024-10-06T00:00:01+08:00"))
                .code("to", true, "", "2024-13-01T00:00:00Z", "2024-10-06", "2024-10-06T25:00:00+08:00",
                        "2024-02-30T00:00:00+08:00", "yesterday", "+99999999999-01-01T00:00:00Z")
                .cases();
    }

    /** Totals per endpoint, for the test's report. */
    public static Map<String, Integer> countByEndpoint(List<Case> cases) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        cases.forEach(c -> counts.merge(c.endpoint(), 1, Integer::sum));
        return counts;
    }

    /** Bytes that are not UTF-8, wrapped in the given text (a lone continuation byte, an overlong slash, a cut sequence). */
    public static byte[] withInvalidUtf8(String before, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        out.writeBytes(new byte[]{(byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xE6, (byte) 0x88});
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }

    private static byte[] badUtf8() {
        return withInvalidUtf8("{\"name\": \"坏", "\"}");
    }

    private static byte[] huge() {
        StringBuilder text = new StringBuilder(HUGE_BYTES + 32).append("{\"progressNarrative\": \"");
        text.append("x".repeat(HUGE_BYTES));
        return utf8(text.append("\"}").toString());
    }

    private static String repeatTo(String fragment, int atLeast) {
        return fragment.repeat(atLeast / fragment.length() + 1);
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return value instanceof String ? "\"" + abbreviate(text) + "\"" : abbreviate(text);
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field as the corpus names it ("items[0].report.completed.central") as a JSON pointer. */
    private static JsonPointer pointer(String field) {
        return JsonPointer.compile("/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/'));
    }

    /** The object holding a field's last segment, which the valid body must have. */
    private static ObjectNode parentOf(ObjectNode body, String field) {
        JsonNode parent = body.at(pointer(field).head());
        if (!parent.isObject()) {
            throw new IllegalArgumentException("the valid body has no object holding " + field);
        }
        return (ObjectNode) parent;
    }

    private static String leaf(String field) {
        return pointer(field).last().getMatchingProperty();
    }

    private MalformedRequests() {
    }
}
