package cn.qinzhou.livelihood.progress.fault;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.MalformedRequests.Case;
import cn.qinzhou.livelihood.testsupport.MalformedRequests;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every write endpoint of progress-service against the generated corpus of malformed requests, each case a
 * test of its own: it is refused with a 4xx problem+json naming the field, no report is stored and no event is written;
 * sent again with {@code Accept-Language: zh-CN}, every title, detail and violation message is in Chinese.
 * Odd but valid text (SQL and script fragments in a narrative) is accepted and comes back verbatim.
 */
@QuarkusTest
class MalformedRequestCorpusTest {

    static final String UNIT = "corpus-unit";

    @Inject
    DataSource dataSource;

    /** One test per malformed request, named by it. */
    @TestFactory
    Stream<DynamicTest> everyMalformedWriteIsRefusedCleanlyAndStoresNothing() throws Exception {
        ProjectEvents.publish("CORPUS-1", UNIT, 4, "ACTIVE", "100000");
        ProjectEvents.publish("CORPUS-OTHER", "corpus-other-unit", 4, "ACTIVE", "100000");
        Reports.awaitKnown("CORPUS-1", UNIT);
        Reports.awaitKnown("CORPUS-OTHER", "corpus-other-unit");

        Map<String, Object> report = Reports.body("40", "40000");
        List<Case> asUnit = new ArrayList<>();
        asUnit.addAll(MalformedRequests.endpoint("PUT /projects/{id}/reports/{period}", "PUT", "projects/CORPUS-1/reports/2024-09")
                .body(report)
                .percent("progressPercent", true)
                .object("completed", true)
                .money("completed.central", true)
                .money("completed.regional", true)
                .money("completed.local", true)
                .money("completedInvestment", false)
                .object("fundsReceived", true)
                .money("fundsReceived.central", true)
                .integer("beneficiaries", false, false)
                .text("beneficiaryDescription", false, 500)
                .text("progressNarrative", true, 5000)
                .textList("difficulties", 50, 500)
                .text("typicalCases", false, 5000)
                .text("submittedBy", true, 50)
                .text("contact", true, 100)
                .text("correctionReason", false, 2000)
                .rule("completedInvestment", "a total that is not the sum by source", with(report, "completedInvestment", 1))
                .badPath("month 13", "projects/CORPUS-1/reports/2024-13")
                .badPath("a month without its leading zero", "projects/CORPUS-1/reports/2024-9")
                .badPath("a day instead of a month", "projects/CORPUS-1/reports/2024-09-30")
                .badPath("a month outside the plan year", "projects/CORPUS-1/reports/2023-12")
                .badPath("a month after the plan year", "projects/CORPUS-1/reports/2025-01")
                .badPath("words instead of a month", "projects/CORPUS-1/reports/september")
                .badPath("a SQL fragment as the period", "projects/CORPUS-1/reports/2024-09%27%3B%20drop%20table%20report%3B--")
                .badPath("a script fragment as the period", "projects/CORPUS-1/reports/%3Cscript%3Ex%3C%2Fscript%3E")
                .badPath("a project that does not exist", "projects/NOPE/reports/2024-09")
                .badPath("another unit's project", "projects/CORPUS-OTHER/reports/2024-09")
                .cases());
        Map<String, Object> item = Map.of("projectId", "CORPUS-1", "period", "2024-09", "report", report);
        asUnit.addAll(MalformedRequests.endpoint("POST /reports/batch", "POST", "reports/batch")
                .body(Map.of("items", List.of(item)))
                .rule("items", "missing", Map.of())
                .rule("items", "empty", Map.of("items", List.of()))
                .rule("items", "more than 200", Map.of("items", Collections.nCopies(201, item)))
                .rule("items", "a null item", Map.of("items", Collections.singletonList(null)))
                .wrongTypes("items")
                .wrongTypes("items[0].projectId")
                .wrongTypes("items[0].period")
                .wrongTypes("items[0].report")
                .wrongTypes("items[0].report.progressPercent")
                .wrongTypes("items[0].report.completed.central")
                .wrongTypes("items[0].report.progressNarrative")
                .rule("items[0].report.difficulties", "an object instead of a list", Map.of("items", List.of(
                        with(item, "report", with(report, "difficulties", Map.of("x", 1))))))
                .rule("items[0].projectId", "a number instead of text", Map.of("items", List.of(
                        with(item, "projectId", 1))))
                .rule("items[0].report.progressPercent", "a number written as text", Map.of("items", List.of(
                        with(item, "report", with(report, "progressPercent", "40")))))
                .rule("items[0].report.contact", "a number instead of text", Map.of("items", List.of(
                        with(item, "report", with(report, "contact", 12)))))
                .rule("items[0].timeliness", "an unknown field in an item", Map.of("items", List.of(
                        with(item, "timeliness", "ON_TIME"))))
                .rule("items[0].report.version", "an unknown field in a report", Map.of("items", List.of(
                        with(item, "report", with(report, "version", 7)))))
                .cases());
        String header = "projectId,period,progressPercent,completedCentral,completedRegional,completedLocal,completedInvestment,"
                + "receivedCentral,receivedRegional,receivedLocal,beneficiaries,beneficiaryDescription,progressNarrative,"
                + "difficulties,typicalCases,submittedBy,contact,correctionReason\n";
        String good = "CORPUS-1,2024-09,40,40000,0,0,,40000,0,0,,,语料测试进展,,,张三,0777-1234567,\n";
        asUnit.addAll(MalformedRequests.endpoint("POST /report-files", "POST", "report-files")
                .notJson()
                .raw("body", "empty", "text/csv", new byte[0])
                .raw("header", "a header only", "text/csv", MalformedRequests.utf8(header))
                .raw("header", "a missing column", "text/csv", MalformedRequests.utf8("projectId,period\nCORPUS-1,2024-09\n"))
                .raw("rows[2].progressPercent", "text as a percent", "text/csv", MalformedRequests.utf8(
                        header + good.replace(",40,40000,", ",四十,40000,")))
                .raw("rows[2].progressPercent", "over 100", "text/csv", MalformedRequests.utf8(
                        header + good.replace(",40,40000,", ",100.01,40000,")))
                .raw("rows[2].completedCentral", "a negative amount", "text/csv", MalformedRequests.utf8(
                        header + good.replace(",40,40000,", ",40,-1,")))
                .raw("rows[2].period", "month 13", "text/csv", MalformedRequests.utf8(header + good.replace("2024-09", "2024-13")))
                .raw("rows[2].projectId", "a SQL fragment as the project", "text/csv", MalformedRequests.utf8(
                        header + good.replace("CORPUS-1", "'; drop table report; --")))
                .raw("rows[2].projectId", "another unit's project", "text/csv", MalformedRequests.utf8(
                        header + good.replace("CORPUS-1", "CORPUS-OTHER")))
                .raw("rows[2].submittedBy", "blank", "text/csv", MalformedRequests.utf8(header + good.replace("张三", "")))
                .raw("rows[3]", "one good row and one bad", "text/csv", MalformedRequests.utf8(
                        header + good + good.replace("2024-09", "2024-9")))
                .raw("rows[2]", "an unclosed quote", "text/csv", MalformedRequests.utf8(
                        header + good.replace("语料测试进展", "\"语料测试进展")))
                .raw("body", "invalid UTF-8 bytes", "text/csv", MalformedRequests.withInvalidUtf8(
                        header + "CORPUS-1,2024-09,40,40000,0,0,,40000,0,0,,,", ",,,张三,0777-1234567,\n"))
                .raw("body", "a workbook sent as CSV", "text/csv", Workbooks.xlsx(List.of(List.of("projectId"))))
                .raw("body", "CSV sent as a workbook", SpreadsheetReader.XLSX, MalformedRequests.utf8(header + good))
                .raw("body", "JSON instead of a file", "application/json", MalformedRequests.utf8("{\"rows\": []}"))
                .raw("body", "a body over the 2M limit", "text/csv", MalformedRequests.utf8(header + good.repeat(40_000)))
                .cases());

        List<Case> clockCases = MalformedRequests.clockCases();
        System.out.printf("[corpus] progress-service: %d malformed requests %s%n", asUnit.size() + clockCases.size(),
                MalformedRequests.countByEndpoint(Stream.concat(asUnit.stream(), clockCases.stream()).toList()));
        assertThat(asUnit.size() + clockCases.size()).isGreaterThanOrEqualTo(150);

        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
        String before = visibleState(base);
        long outboxBefore = outboxRows();
        Executable unchanged = () -> {
            assertThat(visibleState(base)).isEqualTo(before);
            assertThat(outboxRows()).as("events written").isEqualTo(outboxBefore);
        };
        // then the same requests asking for Chinese: every title, detail and violation message in Chinese
        return Stream.of(
                MalformedRequests.eachRefusedCleanly(base, Tokens.forRole(Roles.LEAD_UNIT, UNIT), asUnit, unchanged),
                MalformedRequests.eachRefusedCleanly(base, Tokens.forRole(Roles.OPERATOR, null), clockCases, unchanged),
                MalformedRequests.eachRefusedInChinese(base, Tokens.forRole(Roles.LEAD_UNIT, UNIT), asUnit),
                MalformedRequests.eachRefusedInChinese(base, Tokens.forRole(Roles.OPERATOR, null), clockCases))
                .flatMap(tests -> tests);
    }

    @Test
    void sqlAndScriptInValidTextAreStoredAndReturnedVerbatim() {
        ProjectEvents.publishKnown("CORPUS-2", UNIT, 4, "ACTIVE", "100000");
        String narrative = "进度正常'; drop table report; -- <script>alert('x')</script> &lt;b&gt; \\u0000 😀 ‮";
        Map<String, Object> report = Reports.body("40", "40000");
        report.put("progressNarrative", narrative);
        report.put("difficulties", List.of("\" or 1=1 --", "<img src=x onerror=alert(1)>"));
        Reports.submit(UNIT, "CORPUS-2", "2024-09", report).statusCode(201);

        RestApi.as(Roles.SUPERVISOR, null).get("/projects/CORPUS-2/reports/2024-09").then().statusCode(200)
                .body("latest.progressNarrative", equalTo(narrative))
                .body("latest.difficulties", contains("\" or 1=1 --", "<img src=x onerror=alert(1)>"));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new java.util.HashMap<>(body);
        copy.put(field, value instanceof Integer i ? BigDecimal.valueOf(i) : value);
        return copy;
    }

    /** What a client can see of the corpus's targets: equal before and after means nothing was stored. */
    private static String visibleState(URI base) {
        return MalformedRequests.read(base, Tokens.forRole(Roles.SUPERVISOR, null),
                "projects/CORPUS-1/reports", "reports?leadUnit=" + UNIT);
    }

    private long outboxRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from outbox_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
