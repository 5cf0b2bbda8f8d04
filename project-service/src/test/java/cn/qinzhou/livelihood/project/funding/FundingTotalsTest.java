package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Uses programme 7 (生态环保惠民工程) only, so other tests' registrations elsewhere don't move these sums.
 * Whole-plan totals are asserted as differences before and after, for the same reason.
 */
@QuarkusTest
class FundingTotalsTest {

    @Inject
    DataSource dataSource;

    /**
     * Totals are kept per registry revision: a change made straight in SQL, by another client than the service, shows
     * in the next answer once committed, and neither while it is open nor after it was rolled back.
     */
    @Test
    void totalsFollowEveryCommittedChangeOfWhatTheyReadAndNoUncommittedOne() throws Exception {
        String label = "生态环保惠民工程";
        String renamed = label + "（改名测试）";
        assertProgrammeSevenLabel(label);
        assertProgrammeSevenLabel(label);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("update programme set name = '" + renamed + "' where year = 2024 and id = 7");
            assertProgrammeSevenLabel(label);
            c.rollback();
            assertProgrammeSevenLabel(label);
            s.executeUpdate("update programme set name = '" + renamed + "' where year = 2024 and id = 7");
            c.commit();
            assertProgrammeSevenLabel(renamed);
            s.executeUpdate("update programme set name = '" + label + "' where year = 2024 and id = 7");
            c.commit();
        }
        assertProgrammeSevenLabel(label);
    }

    private static void assertProgrammeSevenLabel(String label) {
        RestApi.as(Roles.DASHBOARD, null).queryParam("groupBy", "programme").when().get("/funding-totals")
                .then().statusCode(200).body("groups[6].key", equalTo("7")).body("groups[6].label", equalTo(label));
    }

    @Test
    void totalsShowTheDocumentsRoundingGapBetween6503And6500() {
        RestApi.as(Roles.PLANNER, null).when().get("/funding-totals")
                .then().statusCode(200)
                .body("groupBy", equalTo("programme"))
                .body("groups.size()", equalTo(10))
                .body("total.documentAnnualPlan", comparesEqualTo(new BigDecimal("6503000000.00")))
                .body("total.documentProgrammeSum", comparesEqualTo(new BigDecimal("6500000000.00")))
                .body("total.roundingGap", comparesEqualTo(new BigDecimal("3000000.00")))
                .body("total.documentTotalInvestment", comparesEqualTo(new BigDecimal("12017000000.00")))
                .body("total.documentProjectCount", equalTo(79));
    }

    @Test
    void registeredAmountsAreSummedPerProgrammeCategorySourceAndLeadUnitBesideTheDocumentFigures() {
        // Read as text: a whole-number sum comes back from JSON as an Integer, not a BigDecimal.
        BigDecimal before = new BigDecimal(RestApi.as(Roles.PLANNER, null).when().get("/funding-totals").then().extract().jsonPath()
                .getString("total.registeredPlan"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-sthjj", "name", "市生态环境局")).when().post("/lead-units").then().statusCode(201);
        // P0701 森林生态效益补偿 (region-aligned) and P0704 声环境质量自动监测系统 (city-selected)
        setFunding("P0701", "20000000.00", "15000000.00", "10000000.00", "3000000.00", "2000000.00");
        setFunding("P0704", "8000000.00", "5000000.00", "0.00", "1000000.00", "4000000.00");
        for (String id : new String[]{"P0701", "P0704"}) {
            RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "qz-sthjj")).when().put("/projects/" + id + "/lead-unit")
                    .then().statusCode(200).body("leadUnitName", equalTo("市生态环境局"));
        }

        RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "programme").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups[6].key", equalTo("7"))
                .body("groups[6].label", equalTo("生态环保惠民工程"))
                .body("groups[6].documentFigure", comparesEqualTo(new BigDecimal("73000000.00")))
                .body("groups[6].registeredPlan", comparesEqualTo(new BigDecimal("20000000.00")))
                .body("groups[6].unallocated", comparesEqualTo(new BigDecimal("53000000.00")))
                .body("groups[6].projectCount", equalTo(6))
                .body("groups[6].projectsWithPlan", equalTo(2))
                .body("total.registeredPlan", comparesEqualTo(before.add(new BigDecimal("20000000.00"))));

        RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "category").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups[0].key", equalTo("REGION_ALIGNED"))
                .body("groups[0].documentFigure", comparesEqualTo(new BigDecimal("4880000000.00")))
                .body("groups[0].documentProjectCount", equalTo(34))
                .body("groups[1].key", equalTo("CITY_SELECTED"))
                .body("groups[1].documentFigure", comparesEqualTo(new BigDecimal("1620000000.00")))
                .body("groups[1].documentProjectCount", equalTo(45));

        RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "source").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups.key", org.hamcrest.Matchers.contains("CENTRAL", "REGIONAL", "LOCAL"))
                .body("groups[0].label", equalTo("中央财政补助"))
                .body("groups[0].documentFigure", comparesEqualTo(new BigDecimal("3569000000.00")))
                .body("groups[1].documentFigure", comparesEqualTo(new BigDecimal("1119000000.00")))
                .body("groups[2].documentFigure", comparesEqualTo(new BigDecimal("1815000000.00")));

        RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "lead-unit").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups.find { it.key == 'qz-sthjj' }.label", equalTo("市生态环境局"))
                .body("groups.find { it.key == 'qz-sthjj' }.registeredPlan", comparesEqualTo(new BigDecimal("20000000.00")))
                .body("groups.find { it.key == 'qz-sthjj' }.documentFigure", equalTo(null))
                .body("groups.find { it.key == 'qz-sthjj' }.projectCount", equalTo(2));
    }

    @Test
    void unknownGroupingIsRefusedNamingTheParameter() {
        RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "colour").when().get("/funding-totals")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("groupBy"));
    }

    private static void setFunding(String id, String total, String annual, String central, String regional, String local) {
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", new BigDecimal(total), "annualPlan", new BigDecimal(annual),
                        "split", Map.of("central", new BigDecimal(central), "regional", new BigDecimal(regional),
                                "local", new BigDecimal(local))))
                .when().put("/projects/" + id + "/funding")
                .then().statusCode(200)
                .body("plan.annualPlan", comparesEqualTo(new BigDecimal(annual)));
    }

    @Test
    void theXlsxAndCsvExportsCarryTheSameFiguresAsTheJsonWithAmountsAsNumbers() {
        io.restassured.path.json.JsonPath json = RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "programme").when().get("/funding-totals")
                .then().statusCode(200).extract().jsonPath();
        byte[] xlsx = RestApi.as(Roles.PLANNER, null).accept(SpreadsheetReader.XLSX).queryParam("groupBy", "programme").when().get("/funding-totals")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX).extract().asByteArray();
        byte[] csv = RestApi.as(Roles.PLANNER, null).queryParam("format", "csv").queryParam("groupBy", "programme").when().get("/funding-totals")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        List<List<Object>> sheet = Workbooks.read(xlsx, null);
        List<List<String>> records = Workbooks.csv(csv);
        assertThat(sheet).hasSize(12);
        assertThat(sheet.get(0)).containsExactly("编码", "名称", "文件计划投资(元)", "已登记年度计划(元)", "未落实到项目(元)",
                "文件项目数", "项目数", "已登记计划的项目数");
        assertThat(records.get(0)).isEqualTo(sheet.get(0));
        for (int g = 0; g < 10; g++) {
            List<Object> row = sheet.get(g + 1);
            String at = "groups[" + g + "].";
            assertThat(row.get(0)).isEqualTo(json.getString(at + "key"));
            assertThat(row.get(1)).isEqualTo(json.getString(at + "label"));
            // Numeric cells, not text: the figures parse back to the JSON's exact amounts.
            assertThat(row.get(2)).isInstanceOf(Double.class);
            assertThat(BigDecimal.valueOf((Double) row.get(2))).isEqualByComparingTo(json.getString(at + "documentFigure"));
            assertThat(BigDecimal.valueOf((Double) row.get(3))).isEqualByComparingTo(json.getString(at + "registeredPlan"));
            assertThat(BigDecimal.valueOf((Double) row.get(4))).isEqualByComparingTo(json.getString(at + "unallocated"));
            assertThat(((Double) row.get(6)).longValue()).isEqualTo(json.getLong(at + "projectCount"));
            List<String> record = records.get(g + 1);
            assertThat(new BigDecimal(record.get(3))).isEqualByComparingTo(json.getString(at + "registeredPlan"));
            assertThat(record.get(1)).isEqualTo(json.getString(at + "label"));
        }
        List<Object> total = sheet.get(11);
        assertThat(total.get(0)).isEqualTo("合计");
        assertThat(BigDecimal.valueOf((Double) total.get(2))).isEqualByComparingTo(json.getString("total.documentAnnualPlan"));
        assertThat(BigDecimal.valueOf((Double) total.get(3))).isEqualByComparingTo(json.getString("total.registeredPlan"));
        assertThat(new BigDecimal(records.get(11).get(3))).isEqualByComparingTo(json.getString("total.registeredPlan"));
    }

    @Test
    void anUnknownExportFormatIsRefusedNamingTheParameter() {
        RestApi.as(Roles.PLANNER, null).queryParam("format", "pdf").when().get("/funding-totals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("format"));
    }

    @Test
    void acceptIsNegotiatedByItsQualityValuesAndFormatWinsOverIt() {
        RestApi.as(Roles.PLANNER, null).accept("*/*").when().get("/funding-totals")
                .then().statusCode(200).contentType(startsWith("application/json"));
        RestApi.as(Roles.PLANNER, null).accept("application/json;q=0.5, text/csv").when().get("/funding-totals")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("filename*=UTF-8''%E8%AE%A1%E5%88%92"));
        RestApi.as(Roles.PLANNER, null).accept("application/json").queryParam("format", "xlsx").when().get("/funding-totals")
                .then().statusCode(200).contentType(SpreadsheetReader.XLSX);
    }
}
