package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A later year's responsibility table (责任表) names projects that often keep last year's names (跨年续建): imported
 * for its year, a name means that year's project and a project of another year is refused; without a year, a name
 * two years share is refused rather than guessed. Registers 2031 with a project named as 2024's P0401, so it runs
 * after the classes that import 2024's tables by name.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE - 1)
class ResponsibilityTableOfAPlanYearTest {

    private static final String HEADER = "project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local\n";

    @Test
    void aTableImportedForItsYearReadsNamesInThatYearAndRefusesOtherYearsProjects() {
        String name = RestApi.as(Roles.PLANNER, null).when().get("/projects/P0401").then().statusCode(200)
                .extract().path("name");
        JsonPath p0401Before = RestApi.as(Roles.PLANNER, null).when().get("/projects/P0401").jsonPath();
        int programme = RestApi.as(Roles.PLANNER, null).body(planYear2031()).when().post("/plan-years")
                .then().statusCode(201).extract().path("programmes[0].id");
        String continued = RestApi.as(Roles.PLANNER, null).body(Map.of("year", 2031, "programmeId", programme,
                        "category", "CITY_SELECTED", "name", name, "carriedOverFrom", "P0401"))
                .when().post("/projects").then().statusCode(201).extract().path("id");
        String row = name + ",qz-rt2031,2031年责任单位,2000000,1000000,1000000,0,0\n";

        JsonPath ambiguous = importTable(HEADER + row, null).then().statusCode(400).extract().jsonPath();
        assertThat(ambiguous.getString("violations[0].field")).isEqualTo("rows[2].project");
        assertThat(ambiguous.getString("violations[0].message"))
                .contains("several plan years", "P0401 of 2024", continued + " of 2031", "?year=");

        importTable(HEADER + "P0402,qz-rt2031,2031年责任单位,2000000,1000000,1000000,0,0\n", 2031)
                .then().statusCode(400)
                .body("violations[0].field", equalTo("rows[2].project"))
                .body("violations[0].message", containsString("must be a project of plan year 2031; P0402 is of 2024"));
        importTable(HEADER + row, 2019).then().statusCode(400).body("violations[0].field", equalTo("year"));

        importTable(HEADER + row, 2031).then().statusCode(200).body("projectsChanged", equalTo(1));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/" + continued).then().statusCode(200)
                .body("leadUnitId", equalTo("qz-rt2031"))
                .body("plan.annualPlan", comparesEqualTo(new BigDecimal("1000000")));
        JsonPath p0401After = RestApi.as(Roles.PLANNER, null).when().get("/projects/P0401").jsonPath();
        assertThat(p0401After.getMap("")).as("2024's project of the same name").isEqualTo(p0401Before.getMap(""));
    }

    private static io.restassured.response.Response importTable(String csv, Integer year) {
        var request = RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8));
        if (year != null) {
            request = request.queryParam("year", year);
        }
        return request.when().post("/responsibility-table");
    }

    private static Map<String, Object> planYear2031() {
        return Map.ofEntries(Map.entry("year", 2031), Map.entry("title", "2031年钦州市人民政府为民办实事实施方案"),
                Map.entry("documentReference", "钦政办〔2031〕3号"), Map.entry("totalInvestment", 9000000),
                Map.entry("annualPlan", 5000000), Map.entry("projectCount", 1),
                Map.entry("split", Map.of("central", 5000000, "regional", 0, "local", 0)),
                Map.entry("programmes", List.of(Map.of("name", "教育惠民工程", "nameEn", "education", "annualPlan", 5000000,
                        "regionAligned", Map.of("projectCount", 0, "annualPlan", 0),
                        "citySelected", Map.of("projectCount", 1, "annualPlan", 5000000)))),
                Map.entry("firstPeriod", "2031-01"), Map.entry("lastPeriod", "2031-12"),
                Map.entry("dueDayOfMonth", 5), Map.entry("dueRule", "CALENDAR_DAY"));
    }
}
