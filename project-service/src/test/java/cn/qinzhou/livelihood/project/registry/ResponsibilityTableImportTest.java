package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** Uses programme 8 (文体惠民工程) projects only. */
@QuarkusTest
class ResponsibilityTableImportTest {

    @Test
    void aCleanTableAssignsLeadUnitsAndAmountsAndAnnouncesEachChange() {
        String csv = """
                project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local
                P0801,qz-wglj,市文化广电体育和旅游局,3000000.00,2500000.00,1500000.00,500000.00,500000.00
                全民健身工程,qz-wglj,市文化广电体育和旅游局,"1,200,000.00",1000000,600000,200000,200000
                """;
        RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8").body(csv)
                .when().post("/responsibility-table")
                .then().statusCode(200)
                .body("rows", equalTo(2))
                .body("projectsChanged", equalTo(2))
                .body("leadUnitsCreated", equalTo(1));

        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0802")
                .then().statusCode(200)
                .body("name", equalTo("全民健身工程"))
                .body("leadUnitName", equalTo("市文化广电体育和旅游局"))
                .body("totalInvestment", comparesEqualTo(new BigDecimal("1200000.00")))
                .body("plan.central", comparesEqualTo(new BigDecimal("600000")));

        TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P0802")
                && seen.value().path("type").asText().equals("ProjectFundingChanged")
                && seen.value().path("payload").path("project").path("leadUnitId").asText().equals("qz-wglj"), 1, Duration.ofSeconds(30));
    }

    @Test
    void aTableWithBadRowsIsRejectedWholeWithAnErrorPerRowAndChangesNothing() {
        String csv = """
                project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local
                P0803,qz-njsw,农家书屋办,100.00,100.00,50.00,50.00,0.00
                no-such-project,qz-njsw,农家书屋办,100.00,100.00,50.00,50.00,0.00
                P0804,qz-njsw,农家书屋办,100.00,100.00,50.00,20.00,0.00
                P0805,qz-njsw,农家书屋办,abc,-5,50.00,50.00,0.00
                P0803,QZ BAD,农家书屋办,100.00,100.00,50.00,50.00,0.00
                """;
        RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8").body(csv)
                .when().post("/responsibility-table")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("rows[3].project", "rows[4].split", "rows[5].total_investment",
                        "rows[5].annual_plan", "rows[6].project", "rows[6].lead_unit_id"));

        // The good first row was not applied either, and no lead unit was created.
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0803")
                .then().statusCode(200)
                .body("leadUnitId", nullValue())
                .body("plan", nullValue());
        RestApi.as(Roles.PLANNER, null).when().get("/lead-units")
                .then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem("qz-njsw")));
    }

    @Test
    void aTableWithoutTheExpectedHeaderIsRejected() {
        RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8").body("name,amount\nfoo,1\n")
                .when().post("/responsibility-table")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("header"));
    }

    static final List<Object> HEADERS = List.of("项目编号或名称", "牵头单位编号", "牵头单位名称", "总投资(元)",
            "年度计划投资(元)", "中央财政补助(元)", "自治区财政补助(元)", "市和县区投入(元)");

    @Test
    void theCsvTemplateHasTheChineseHeadersTheImporterReads() {
        byte[] csv = RestApi.as(Roles.PLANNER, null).accept("text/csv").when().get("/responsibility-table/template")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString(".csv")).extract().asByteArray();
        assertThat(Workbooks.csv(csv)).containsExactly(HEADERS.stream().map(Object::toString).toList());
        // JSON is no template format: a client that accepts only JSON still gets the CSV.
        RestApi.as(Roles.PLANNER, null).accept("application/json").when().get("/responsibility-table/template")
                .then().statusCode(200).contentType(startsWith("text/csv"));
    }

    @Test
    void theXlsxTemplateOpensWithTheHeadersAndNotesOnASeparateSheet() {
        byte[] xlsx = RestApi.as(Roles.PLANNER, null).queryParam("format", "xlsx").when().get("/responsibility-table/template")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX)
                .header("Content-Disposition", containsString(".xlsx")).extract().asByteArray();
        assertThat(Workbooks.sheetNames(xlsx)).containsExactly("责任表", "责任表说明");
        assertThat(Workbooks.read(xlsx, "责任表")).containsExactly(HEADERS);
        // The template, filled in, is what the importer takes.
        List<List<Object>> filled = new ArrayList<>(Workbooks.read(xlsx, "责任表"));
        filled.add(List.of("P0806", "qz-sncs", "三娘湾景区管委会", 900000, 800000.5, 400000.5, 200000, 200000));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(Workbooks.xlsx(filled)).when().post("/responsibility-table")
                .then().statusCode(200).body("rows", equalTo(1)).body("leadUnitsCreated", equalTo(1));
    }

    @Test
    void anXlsxTableIsImportedLikeTheCsvAndAnnouncesEachChange() {
        byte[] xlsx = Workbooks.xlsx(List.of(HEADERS,
                List.of("文艺演出活动", "qz-wyyc", "市文艺演出中心", 5000000, 1234567.89, 1000000, 234567.89, 0)));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(xlsx).when().post("/responsibility-table")
                .then().statusCode(200).body("rows", equalTo(1)).body("projectsChanged", equalTo(1));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0806").then().statusCode(200)
                .body("leadUnitName", equalTo("市文艺演出中心"))
                .body("plan.annualPlan", comparesEqualTo(new BigDecimal("1234567.89")))
                .body("plan.regional", comparesEqualTo(new BigDecimal("234567.89")));
        TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P0806")
                && seen.value().path("payload").path("project").path("leadUnitId").asText().equals("qz-wyyc")
                && seen.value().path("payload").path("project").path("plan").path("annualPlan").decimalValue()
                .compareTo(new BigDecimal("1234567.89")) == 0, 1, Duration.ofSeconds(30));
    }

    @Test
    void anXlsxTableWithABadRowIsRejectedWholeNamingTheRowAndColumn() {
        byte[] xlsx = Workbooks.xlsx(List.of(HEADERS,
                List.of("P0807", "qz-fyjx", "非遗进校园办", 100, 100, 100, 0, 0),
                List.of("P0807", "qz-fyjx", "非遗进校园办", 100, 100, 50, 0, 0),
                List.of("P0803", "qz-fyjx", "非遗进校园办", "一百", 100, 100, 0, 0)));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(xlsx).when().post("/responsibility-table")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("rows[3].project", "rows[4].total_investment"))
                .body("violations.find { it.field == 'rows[4].total_investment' }.message", containsString("一百"));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0807").then().statusCode(200).body("leadUnitId", nullValue());
        RestApi.as(Roles.PLANNER, null).when().get("/lead-units").then().body("id", org.hamcrest.Matchers.not(hasItem("qz-fyjx")));
    }

    @Test
    void aFileThatIsNotWhatItsContentTypeSaysOrHasNoRowsIsRefused() {
        byte[] workbook = Workbooks.xlsx(List.of(HEADERS));
        // A workbook sent as CSV, CSV sent as a workbook, an empty body, a workbook with only the header, an empty workbook.
        RestApi.as(Roles.PLANNER, null).contentType("text/csv").body(workbook).when().post("/responsibility-table")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("body"))
                .body("violations[0].message", containsString("zip"));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body("project,lead_unit_id\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/responsibility-table")
                .then().statusCode(400).body("violations[0].message", containsString("not an .xlsx workbook"));
        RestApi.as(Roles.PLANNER, null).contentType("text/csv").body(new byte[0]).when().post("/responsibility-table")
                .then().statusCode(400).body("violations[0].field", equalTo("body"))
                .body("violations[0].message", containsString("must not be empty"));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(workbook).when().post("/responsibility-table")
                .then().statusCode(400).body("violations[0].message", containsString("no data rows"));
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(Workbooks.xlsx(List.of())).when().post("/responsibility-table")
                .then().statusCode(400).body("violations[0].message", containsString("has no rows"));
        RestApi.as(Roles.PLANNER, null).contentType("application/pdf").body(workbook).when().post("/responsibility-table")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aFileOverTheBodyLimitIsRefusedWith413() {
        byte[] big = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        RestApi.as(Roles.PLANNER, null).contentType(SpreadsheetReader.XLSX).body(big).when().post("/responsibility-table")
                .then().statusCode(413);
    }
}
