package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report's JSON body is taken however the client sends it: with its length (read on the event loop before the
 * endpoint runs), chunked without one, or after "Expect: 100-continue" (both streamed to the endpoint).
 */
@QuarkusTest
class RequestBodiesTest {

    static final String UNIT = "bodies-unit";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void aReportIsStoredWhetherItsBodyComesWithItsLengthChunkedOrAfter100Continue() throws Exception {
        byte[] body = JSON.writeValueAsBytes(Reports.body("40", "500000"));
        HttpClient client = HttpClient.newHttpClient();

        ProjectEvents.publishKnown("BODY-1", UNIT, 6, "ACTIVE", "2000000");
        HttpResponse<String> withLength = client.send(put("BODY-1")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertStored(withLength);

        ProjectEvents.publishKnown("BODY-2", UNIT, 6, "ACTIVE", "2000000");
        HttpResponse<String> chunked = client.send(put("BODY-2")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertStored(chunked);

        ProjectEvents.publishKnown("BODY-3", UNIT, 6, "ACTIVE", "2000000");
        HttpResponse<String> afterContinue = client.send(put("BODY-3").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertStored(afterContinue);
    }

    @Test
    void aMalformedBodyWithItsLengthIsRefusedAsOneStreamedIs() throws Exception {
        ProjectEvents.publishKnown("BODY-4", UNIT, 6, "ACTIVE", "2000000");
        byte[] malformed = "{\"progressPercent\": 40,".getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> withLength = client.send(put("BODY-4")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(malformed)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = client.send(put("BODY-4")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(malformed))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withLength.statusCode()).isEqualTo(400);
        assertThat(withLength.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(chunked.body()).path("violations")).isEqualTo(JSON.readTree(withLength.body()).path("violations"));
    }

    private HttpRequest.Builder put(String project) {
        return HttpRequest.newBuilder(base.resolve("/projects/" + project + "/reports/2024-09"))
                .header("Authorization", "Bearer " + Tokens.forRole(Roles.LEAD_UNIT, UNIT))
                .header("Content-Type", "application/json");
    }

    private static void assertStored(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(answer.body());
        assertThat(report.path("latestVersion").asInt()).isEqualTo(1);
        assertThat(report.path("latest").path("progressPercent").decimalValue()).isEqualByComparingTo("40");
        assertThat(report.path("latest").path("submittedBy").asText()).isEqualTo("张三");
    }
}
