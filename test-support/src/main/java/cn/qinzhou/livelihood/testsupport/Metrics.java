package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator's Prometheus reads: a service's {@code /q/metrics} text, parsed, and the metric names the Grafana
 * dashboard in deploy/grafana queries, so a test can hold the two together.
 */
public final class Metrics {

    /** One sample line: name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METRIC_IN_QUERY = Pattern.compile("\\b(livelihood_[a-z0-9_]+|http_server_requests_seconds_[a-z]+)\\b");

    /** The scrape of the service under test (RestAssured's base URI and port, as a {@code @QuarkusTest} sets them). */
    public static List<Sample> scrape() {
        return parse(RestAssured.given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    /** The sum of the samples of that name carrying at least those labels; 0 when there is none. */
    public static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    public static boolean has(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    /** The dashboard, from the repository (tests run in a module directory under the root). */
    public static Path dashboard() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/grafana/livelihood-dashboard.json");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/grafana/livelihood-dashboard.json not found above " + Paths.get("").toAbsolutePath());
    }

    /** Every metric name a panel's query reads (the dashboard must be valid JSON, or this fails). */
    public static Set<String> dashboardMetricNames() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(dashboard()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        collectQueries(root, names);
        return names;
    }

    private static void collectQueries(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ((field.getKey().equals("expr") || field.getKey().equals("query")) && field.getValue().isTextual()) {
                    Matcher m = METRIC_IN_QUERY.matcher(field.getValue().asText());
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                } else {
                    collectQueries(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectQueries(child, names));
        }
    }

    private Metrics() {
    }
}
