package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Programme 5 only: IMP-* projects of {@link #UNIT}, IMP-OTHER of another unit. */
@QuarkusTest
class ReportImportTest {

    static final String UNIT = "imp-unit";

    static final List<Object> HEADERS = List.of("项目编号", "报送月份(yyyy-MM)", "形象进度(%)",
            "累计完成投资-中央财政补助(元)", "累计完成投资-自治区财政补助(元)", "累计完成投资-市和县区投入(元)",
            "累计完成投资合计(元)", "资金到位-中央财政补助(元)", "资金到位-自治区财政补助(元)",
            "资金到位-市和县区投入(元)", "受益人数", "群众受益情况", "具体进展情况", "遇到的困难问题(每行一条)", "典型事例",
            "填报人", "联系电话", "更正原因(更正已报数据时必填)");

    private static boolean prepared;

    @BeforeEach
    void projectsOfTheUnit() {
        if (prepared) {
            return;
        }
        prepared = true;
        for (String id : new String[]{"IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "IMP-6", "IMP-7"}) {
            ProjectEvents.publish(id, UNIT, 5, "ACTIVE", "1000000");
        }
        ProjectEvents.publish("IMP-OTHER", "imp-other-unit", 5, "ACTIVE", "1000000");
        for (String id : new String[]{"IMP-1", "IMP-2", "IMP-3", "IMP-4", "IMP-5", "IMP-6", "IMP-7"}) {
            Reports.awaitKnown(id, UNIT);
        }
        Reports.awaitKnown("IMP-OTHER", "imp-other-unit");
    }

    static List<Object> row(String project, String period, Object progress, Object central) {
        return Arrays.asList(project, period, progress, central, 0, 0, null, central, 0, 0, 800, "惠及群众800人",
                "主体工程完工", "资金到位较慢\n雨季影响施工", "某村卫生室投入使用", "李四", "0777-7654321", null);
    }

    @Test
    void anXlsxWorkbookIsImportedAsReportsWithTheirEvents() {
        byte[] xlsx = Workbooks.xlsx(List.of(HEADERS, row("IMP-1", "2024-09", 45.5, 450000.25), row("IMP-2", "2024-09", 20, 200000)));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(xlsx).when().post("/report-files")
                .then().statusCode(200).body("rows", equalTo(2)).body("submitted", equalTo(2)).body("corrected", equalTo(0));

        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-1/reports/2024-09").then().statusCode(200)
                .body("latest.progressPercent", comparesEqualTo(new BigDecimal("45.5")))
                .body("latest.completedInvestment", comparesEqualTo(new BigDecimal("450000.25")))
                .body("latest.difficulties", equalTo(List.of("资金到位较慢", "雨季影响施工")))
                .body("latest.beneficiaries", equalTo(800))
                .body("latest.submittedBy", equalTo("李四"));
        TopicProbe.await(Topics.PROGRESS_EVENTS, seen -> seen.key().equals("IMP-2")
                && seen.value().path("type").asText().equals("ReportSubmitted")
                && seen.value().path("payload").path("period").asText().equals("2024-09"), 1, Duration.ofSeconds(30));
    }

    @Test
    void aCsvWithBomAndChineseHeadersIsImportedAnUnchangedRowIsNoCorrectionAndAChangedOneNeedsItsReason() {
        String header = String.join(",", HEADERS.stream().map(Object::toString).toList());
        String csv = "\uFEFF" + header + "\n"
                + "IMP-3,2024-09,30,\"300,000.00\",0,0,300000,300000,0,0,100,受益100人,进展顺利,,,王五,0777-1111111,\n";
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv; charset=UTF-8").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/report-files").then().statusCode(200).body("submitted", equalTo(1));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-3/reports/2024-09").then().statusCode(200)
                .body("latest.completedInvestment", comparesEqualTo(new BigDecimal("300000.00")))
                .body("latest.contact", equalTo("0777-1111111"));

        // The same row again repeats what is stored (300000 as 300,000.00): unchanged, neither a correction nor an error.
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(csv.replace("\"300,000.00\"", "300000")
                        .getBytes(StandardCharsets.UTF_8))
                .when().post("/report-files").then().statusCode(200)
                .body("submitted", equalTo(0)).body("corrected", equalTo(0)).body("unchanged", equalTo(1))
                .body("reports[0].latestVersion", equalTo(1));
        // A changed row is a correction: without a reason the row is refused, with one it is stored as version 2.
        String changed = csv.replace(",30,", ",35,");
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(changed.getBytes(StandardCharsets.UTF_8))
                .when().post("/report-files").then().statusCode(400)
                .body("violations[0].field", equalTo("rows[2].correctionReason"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body((changed.strip() + "更正笔误\n").getBytes(StandardCharsets.UTF_8))
                .when().post("/report-files").then().statusCode(200).body("corrected", equalTo(1)).body("unchanged", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-3/reports/2024-09").then().body("latestVersion", equalTo(2));
    }

    @Test
    void aCsvSavedByChineseExcelInGbkIsReadWithItsChineseIntactWithoutBeingTold() {
        String header = String.join(",", HEADERS.stream().map(Object::toString).toList());
        String csv = header + "\n"
                + "IMP-7,2024-09,25,250000,0,0,250000,250000,0,0,60,受益60人,路基完工,征地协调慢,,赵六,0777-2222222,\n";
        // Excel's plain "CSV" on a Chinese Windows: GBK, no BOM, and a Content-Type that names no charset.
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(csv.getBytes(Charset.forName("GBK")))
                .when().post("/report-files").then().statusCode(200).body("submitted", equalTo(1));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-7/reports/2024-09").then().statusCode(200)
                .body("latest.progressNarrative", equalTo("路基完工"))
                .body("latest.difficulties", equalTo(List.of("征地协调慢")))
                .body("latest.submittedBy", equalTo("赵六"));
    }

    @Test
    void aFileWithBadRowsIsRefusedWholeListingEachRowAndNothingIsStoredOrPublished() {
        List<Object> negative = new ArrayList<>(row("IMP-4", "2024-10", 10, 100));
        negative.set(4, -5);
        byte[] xlsx = Workbooks.xlsx(List.of(HEADERS,
                row("IMP-4", "2024-09", 10, 100),
                row("IMP-5", "2024-09", 120, 100),
                row("IMP-5", "2024-13", 10, "一百"),
                negative,
                row("NO-SUCH", "2024-09", 10, 100),
                row("IMP-4", "2024-09", 10, 100)));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(xlsx).when().post("/report-files")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing was imported"))
                .body("violations.field", hasItems("rows[3].progressPercent", "rows[4].completedCentral",
                        "rows[5].completedRegional", "rows[6].projectId", "rows[7].period"))
                .body("violations.find { it.field == 'rows[3].progressPercent' }.message", containsString("形象进度"))
                .body("violations.find { it.field == 'rows[4].completedCentral' }.message", containsString("一百"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-4/reports").then().statusCode(200).body("size()", equalTo(0));

        // Sent alone, the good row is the first and only ReportSubmitted on IMP-4's 2024-09: the refused file published nothing.
        Reports.submit(UNIT, "IMP-4", "2024-09", Reports.body("10", "100")).statusCode(201);
        List<TopicProbe.Seen> seen = TopicProbe.await(Topics.PROGRESS_EVENTS, s -> s.key().equals("IMP-4")
                && s.value().path("payload").path("period").asText().equals("2024-09"), 1, Duration.ofSeconds(30));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).value().path("payload").path("submittedBy").asText()).isEqualTo("张三");
    }

    @Test
    void aFileNamingAnotherUnitsProjectIsRefusedWith403AndNothingIsStored() {
        byte[] xlsx = Workbooks.xlsx(List.of(HEADERS, row("IMP-6", "2024-09", 10, 100), row("IMP-OTHER", "2024-09", 10, 100)));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(xlsx).when().post("/report-files")
                .then().statusCode(403).contentType("application/problem+json")
                .body("violations[0].field", equalTo("rows[3].projectId"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-6/reports").then().body("size()", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/IMP-OTHER/reports").then().body("size()", equalTo(0));
    }

    @Test
    void filesThatAreEmptyMislabelledOrWithoutRowsAreRefused() {
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(new byte[0]).when().post("/report-files")
                .then().statusCode(400).body("violations[0].field", equalTo("body"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(Workbooks.xlsx(List.of(HEADERS))).when().post("/report-files")
                .then().statusCode(400).body("violations[0].message", containsString("zip"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body("项目编号\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/report-files").then().statusCode(400).body("violations[0].message", containsString("not an .xlsx"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(Workbooks.xlsx(List.of(HEADERS)))
                .when().post("/report-files").then().statusCode(400).body("violations[0].message", containsString("no data rows"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(Workbooks.xlsx(List.of(List.of("项目编号"), List.of("IMP-1"))))
                .when().post("/report-files").then().statusCode(400).body("violations[0].field", equalTo("header"));
        byte[] big = new byte[2 * 1024 * 1024 + 10];
        RestApi.as(Roles.LEAD_UNIT, UNIT).contentType(SpreadsheetReader.XLSX).body(big).when().post("/report-files")
                .then().statusCode(413);
    }

    @Test
    void theTemplatesCarryTheColumnsTheImporterReads() {
        byte[] xlsx = RestApi.as(Roles.LEAD_UNIT, UNIT).queryParam("format", "xlsx").when().get("/report-files/template")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX).extract().asByteArray();
        assertThat(Workbooks.read(xlsx, null)).containsExactly(HEADERS);
        byte[] csv = RestApi.as(Roles.LEAD_UNIT, UNIT).accept("text/csv").when().get("/report-files/template")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asByteArray();
        assertThat(Workbooks.csv(csv)).containsExactly(HEADERS.stream().map(Object::toString).toList());
    }

    @Test
    void theReportExportParsesBackToTheSameFiguresAsTheJsonSearch() {
        Reports.submit(UNIT, "IMP-5", "2024-08", Reports.body("12.5", "1234567.89")).statusCode(201);
        JsonPath json = RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", UNIT).when().get("/reports").then().statusCode(200).extract().jsonPath();
        byte[] xlsx = RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", UNIT).accept(SpreadsheetReader.XLSX).when().get("/reports")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX).extract().asByteArray();
        byte[] csv = RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", UNIT).queryParam("format", "csv").when().get("/reports")
                .then().statusCode(200).extract().asByteArray();
        List<List<Object>> sheet = Workbooks.read(xlsx, null);
        List<List<String>> records = Workbooks.csv(csv);
        int count = json.getList("$").size();
        assertThat(count).isGreaterThan(0);
        assertThat(sheet).hasSize(count + 1);
        assertThat(records).hasSize(count + 1);
        assertThat(sheet.get(0).subList(0, 4)).containsExactly("项目编号", "项目名称", "牵头单位编号", "报送月份(yyyy-MM)");
        for (int i = 0; i < count; i++) {
            String at = "[" + i + "].";
            List<Object> row = sheet.get(i + 1);
            assertThat(row.get(0)).isEqualTo(json.getString(at + "projectId"));
            assertThat(row.get(3)).isEqualTo(json.getString(at + "period"));
            // Figures are numeric cells equal to the JSON's amounts.
            assertThat(BigDecimal.valueOf((Double) row.get(7))).isEqualByComparingTo(json.getString(at + "latest.progressPercent"));
            assertThat(BigDecimal.valueOf((Double) row.get(11))).isEqualByComparingTo(json.getString(at + "latest.completedInvestment"));
            assertThat(new BigDecimal(records.get(i + 1).get(11))).isEqualByComparingTo(json.getString(at + "latest.completedInvestment"));
            assertThat(records.get(i + 1).get(1)).isEqualTo(json.getString(at + "projectName"));
        }
    }
}
