package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.progress.ClockMovingTest;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Programme 6 only: BUL-1 and BUL-2 of unit bul-a, BUL-3 of bul-b, each planned at 1000 yuan. */
@QuarkusTest
class BulletinTest extends ClockMovingTest {

    @Test
    void theBulletinAsOfACutOffIsTheSameWhenAskedAgainAfterACorrectionAndALateReport() {
        ProjectEvents.publish("BUL-1", "bul-a", 6, "ACTIVE", "1000");
        ProjectEvents.publish("BUL-2", "bul-a", 6, "ACTIVE", "1000");
        ProjectEvents.publish("BUL-3", "bul-b", 6, "ACTIVE", "1000");
        Reports.awaitKnown("BUL-1", "bul-a");
        Reports.awaitKnown("BUL-2", "bul-a");
        Reports.awaitKnown("BUL-3", "bul-b");
        clock.moveTo(Instant.parse("2024-11-03T02:00:00Z"));
        // 10% of the plan done at the end of October, when 83.33% of the year has gone by: RED.
        Reports.submit("bul-a", "BUL-1", "2024-10", Reports.body("10", "100")).statusCode(201);
        clock.moveTo(Instant.parse("2024-11-10T00:00:00Z"));
        Instant cutOff = clock.instant();

        String first = RestApi.as(Roles.SUPERVISOR, null).when().get("/bulletins/2024-10").then().statusCode(200)
                .body("asOf", equalTo(cutOff.toString()))
                .body("deadlinePassed", equalTo(true))
                .body("reporting.byLeadUnit.find { it.key == 'bul-a' }.counts.expected", equalTo(2))
                .body("reporting.byLeadUnit.find { it.key == 'bul-a' }.counts.onTime", equalTo(1))
                .body("reporting.byLeadUnit.find { it.key == 'bul-a' }.counts.onTimeRate", comparesEqualTo(new BigDecimal("0.5")))
                .body("overdue.projectId", hasItem("BUL-2"))
                .body("overdue.projectId", hasItem("BUL-3"))
                .body("overdue.projectId", not(hasItem("BUL-1")))
                .body("lagging.find { it.projectId == 'BUL-1' }.severity", equalTo("RED"))
                .body("lagging.find { it.projectId == 'BUL-1' }.completionPercent", comparesEqualTo(new BigDecimal("10.00")))
                .body("lagging.find { it.projectId == 'BUL-1' }.elapsedPercent", comparesEqualTo(new BigDecimal("83.33")))
                .extract().asString();

        // Later: BUL-1 is corrected to 90% done and BUL-2 reports late.
        clock.moveTo(Instant.parse("2024-11-12T00:00:00Z"));
        Map<String, Object> corrected = Reports.body("90", "900");
        corrected.put("correctionReason", "漏报了十月的完成投资");
        Reports.submit("bul-a", "BUL-1", "2024-10", corrected).statusCode(200);
        Reports.submit("bul-a", "BUL-2", "2024-10", Reports.body("80", "800")).statusCode(201);

        String again = RestApi.as(Roles.SUPERVISOR, null).queryParam("asOf", cutOff.toString()).when().get("/bulletins/2024-10")
                .then().statusCode(200).extract().asString();
        assertThat(again).isEqualTo(first);
        // The same cut-off written in Beijing time is the same bulletin.
        assertThat(RestApi.as(Roles.SUPERVISOR, null).queryParam("asOf", "2024-11-10T08:00:00+08:00").when().get("/bulletins/2024-10")
                .then().statusCode(200).extract().asString()).isEqualTo(first);

        // Now, the correction and the late report count.
        RestApi.as(Roles.SUPERVISOR, null).when().get("/bulletins/2024-10").then().statusCode(200)
                .body("reporting.byLeadUnit.find { it.key == 'bul-a' }.counts.late", equalTo(1))
                .body("overdue.projectId", not(hasItem("BUL-2")))
                .body("lagging.projectId", not(hasItem("BUL-1")));
    }

    @Test
    void theBulletinsFiguresAreThoseOfTheRatesAndTotalsEndpoints() {
        ProjectEvents.publishKnown("BUL-4", "bul-c", 6, "ACTIVE", "2000");
        Reports.submit("bul-c", "BUL-4", "2024-09", Reports.body("40", "700")).statusCode(201);

        JsonPath bulletin = RestApi.as(Roles.SUPERVISOR, null).when().get("/bulletins/2024-09").then().statusCode(200).extract().jsonPath();
        JsonPath status = RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2024-09").when().get("/reporting-status")
                .then().statusCode(200).extract().jsonPath();
        JsonPath byProgramme = RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2024-09").queryParam("groupBy", "programme")
                .when().get("/funding-totals").then().statusCode(200).extract().jsonPath();
        JsonPath bySource = RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2024-09").queryParam("groupBy", "source")
                .when().get("/funding-totals").then().statusCode(200).extract().jsonPath();
        assertThat((Object) bulletin.get("reporting")).isEqualTo(status.get("$"));
        assertThat((Object) bulletin.get("funding.byProgramme")).isEqualTo(byProgramme.get("$"));
        assertThat((Object) bulletin.get("funding.bySource")).isEqualTo(bySource.get("$"));
        assertThat(bulletin.getList("overdue.projectId")).containsExactlyInAnyOrderElementsOf(status.getList("missingProjectIds"));

        // The workbook carries the same figures, as numbers.
        byte[] xlsx = RestApi.as(Roles.SUPERVISOR, null).accept(SpreadsheetReader.XLSX).when().get("/bulletins/2024-09")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX).extract().asByteArray();
        assertThat(Workbooks.sheetNames(xlsx)).contains("报送情况(按牵头单位)", "报送情况(按工程)", "逾期未报项目", "进度滞后项目",
                "资金(按工程)", "资金(按来源)");
        List<Object> unit = Workbooks.read(xlsx, "报送情况(按牵头单位)").stream()
                .filter(r -> "bul-c".equals(r.get(0))).findFirst().orElseThrow();
        assertThat(unit.get(2)).isEqualTo(1.0);
        assertThat(unit.get(4)).isEqualTo(status.getDouble("byLeadUnit.find { it.key == 'bul-c' }.counts.onTime"));
        List<List<Object>> sources = Workbooks.read(xlsx, "资金(按来源)");
        for (int i = 0; i < 3; i++) {
            assertThat(sources.get(i + 1).get(0)).isEqualTo(bySource.getString("groups[" + i + "].key"));
            assertThat(BigDecimal.valueOf((Double) sources.get(i + 1).get(3)))
                    .isEqualByComparingTo(bySource.getString("groups[" + i + "].completed"));
        }
        List<List<Object>> overdue = Workbooks.read(xlsx, "逾期未报项目");
        assertThat(overdue).hasSize(bulletin.getList("overdue").size() + 1);

        // And the HTML document, as a download.
        RestApi.as(Roles.SUPERVISOR, null).queryParam("format", "html").when().get("/bulletins/2024-09").then().statusCode(200)
                .contentType(containsString("text/html")).header("Content-Disposition", containsString(".html"))
                .body(containsString("民生实事进度通报 2024-09")).body(containsString("bul-c"));
        // A browser, which prefers HTML but accepts anything, is given the document.
        RestApi.as(Roles.SUPERVISOR, null).accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").when().get("/bulletins/2024-09")
                .then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void aFutureOrUnreadableCutOffAndAPeriodOutsideThePlanAreRefused() {
        RestApi.as(Roles.SUPERVISOR, null).queryParam("asOf", Instant.now().plusSeconds(3600).toString()).when().get("/bulletins/2024-10")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("asOf"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("asOf", "yesterday").when().get("/bulletins/2024-10")
                .then().statusCode(400).body("violations[0].field", equalTo("asOf"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/bulletins/2023-12").then().statusCode(400).body("violations[0].field", equalTo("period"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("format", "pdf").when().get("/bulletins/2024-10")
                .then().statusCode(400).body("violations[0].field", equalTo("format"));
        RestApi.as(Roles.DASHBOARD, null).when().get("/bulletins/2024-10").then().statusCode(403);
    }
}
