package cn.qinzhou.livelihood.notification.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * A JSON POST to a receiver, with timeouts, and what its answer means for the delivery: 2xx sent, 429 (with its
 * Retry-After) and 5xx and network errors retried, any other 4xx given up. The robots answer 200 with an
 * {@code errcode}: 0 is sent, a rate limit (45009, DingTalk's 130101) or a busy system (-1) retried, others given up.
 */
@ApplicationScoped
public class HttpPost {

    /** Robot errcodes that mean "later": rate-limited (WeCom 45009, DingTalk 130101) or busy (-1). */
    private static final Set<Integer> RETRYABLE_ERRCODES = Set.of(45009, 130101, -1);
    private static final Duration ROBOT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);
    /** A Retry-After of 0 or a date already past must not make the next pass ask again at once, over and over. */
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public HttpPost(ObjectMapper mapper,
                    @ConfigProperty(name = "livelihood.delivery.http.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
                    @ConfigProperty(name = "livelihood.delivery.http.timeout", defaultValue = "PT10S") Duration timeout) {
        this.mapper = mapper;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param robot the answer is a robot's {@code {"errcode":..,"errmsg":..}} */
    SendResult post(String url, String body, Map<String, String> headers, boolean robot) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            // The message would quote the URL, whose query is a robot's key: not repeated.
            return SendResult.failed("bad address: not a valid URL");
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return SendResult.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted", null);
        }
        int status = response.statusCode();
        String excerpt = excerpt(response.body());
        if (status == 429) {
            return SendResult.retry("HTTP 429 " + excerpt, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        if (status >= 500 || status == 408) {
            return SendResult.retry("HTTP " + status + " " + excerpt, null);
        }
        if (status >= 300) {
            return SendResult.failed("HTTP " + status + " " + excerpt);
        }
        if (!robot) {
            return SendResult.sent();
        }
        try {
            JsonNode answer = mapper.readTree(response.body());
            int errcode = answer.path("errcode").asInt(Integer.MIN_VALUE);
            if (errcode == 0) {
                return SendResult.sent();
            }
            String error = "errcode " + answer.path("errcode").asText() + ": " + answer.path("errmsg").asText();
            return RETRYABLE_ERRCODES.contains(errcode)
                    ? SendResult.retry(error, errcode == -1 ? null : ROBOT_RATE_LIMIT_WAIT) : SendResult.failed(error);
        } catch (IOException e) {
            return SendResult.retry("unreadable answer: " + excerpt, null);
        }
    }

    /** Seconds or an HTTP date (RFC 9110); null when absent or unreadable (then the usual back-off applies). */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : bounded(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return bounded(until);
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    private static Duration bounded(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : wait;
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
