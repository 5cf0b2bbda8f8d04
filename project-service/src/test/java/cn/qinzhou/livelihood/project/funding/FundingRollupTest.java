package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The totals are read from funding_rollup, which triggers keep: after registrations, funding changes, a lead unit
 * reassigned, a cancellation and a bulk update straight in SQL, every grouping the API answers equals the sums
 * computed from the project table itself. Uses programme 2 (P0201-P0204) and the unit qz-rollup only.
 */
@QuarkusTest
class FundingRollupTest {

    static final Map<String, String> GROUPINGS = Map.of(
            "programme", "cast(programme_id as text)",
            "category", "category",
            "lead-unit", "coalesce(lead_unit_id, '')");

    @Inject
    DataSource dataSource;

    @Test
    void everyGroupingEqualsTheSumsOverTheProjectsAfterEachKindOfChange() throws Exception {
        assertTotalsMatchTheProjects("the seeded plan");

        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-rollup", "name", "汇总测试单位")).post("/lead-units").then().statusCode(201);
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-rollup2", "name", "汇总测试单位二")).post("/lead-units").then().statusCode(201);
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", new BigDecimal("9000000.00"), "annualPlan", new BigDecimal("4000000.00"),
                        "split", Map.of("central", new BigDecimal("1000000.00"), "regional", new BigDecimal("1000000.00"),
                                "local", new BigDecimal("2000000.00"))))
                .put("/projects/P0201/funding").then().statusCode(200);
        RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "qz-rollup")).put("/projects/P0201/lead-unit").then().statusCode(200);
        RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "qz-rollup")).put("/projects/P0202/lead-unit").then().statusCode(200);
        int created = RestApi.as(Roles.PLANNER, null).body(Map.of("programmeId", 2, "category", "CITY_SELECTED", "name", "汇总测试新项目",
                        "leadUnitId", "qz-rollup", "funding", Map.of("totalInvestment", new BigDecimal("300000.50"),
                                "annualPlan", new BigDecimal("300000.50"), "split", Map.of("central", new BigDecimal("0.50"),
                                        "regional", new BigDecimal("100000.00"), "local", new BigDecimal("200000.00")))))
                .post("/projects").then().statusCode(201).extract().path("programmeId");
        assertThat(created).isEqualTo(2);
        assertTotalsMatchTheProjects("registrations, funding and lead units");

        RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "qz-rollup2")).put("/projects/P0201/lead-unit").then().statusCode(200);
        int cancel = RestApi.as(Roles.LEAD_UNIT, "qz-rollup2").body(Map.of("kind", "CANCEL", "reason", "汇总测试"))
                .post("/projects/P0201/adjustment-requests").then().statusCode(201).extract().path("id");
        RestApi.as(Roles.PLANNER, null).post("/adjustment-requests/" + cancel + "/approval").then().statusCode(200);
        assertTotalsMatchTheProjects("a reassignment and a cancellation");

        // Many rows in one statement, moving between groups: one statement-level trigger call nets them out.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update project set lead_unit_id = case when lead_unit_id = 'qz-rollup' then null else 'qz-rollup' end,"
                    + " local_amount = local_amount + 1, annual_plan = annual_plan + 1 where id in ('P0201', 'P0202', 'P0203', 'P0204') and annual_plan is not null");
        }
        assertTotalsMatchTheProjects("a bulk update in SQL");
    }

    private void assertTotalsMatchTheProjects(String after) throws Exception {
        for (Map.Entry<String, String> grouping : GROUPINGS.entrySet()) {
            JsonPath json = RestApi.as(Roles.PLANNER, null).queryParam("groupBy", grouping.getKey()).get("/funding-totals")
                    .then().statusCode(200).extract().jsonPath();
            Map<String, String> fromApi = new TreeMap<>();
            List<Map<String, Object>> groups = json.getList("groups");
            for (int g = 0; g < groups.size(); g++) {
                String at = "groups[" + g + "].";
                String key = json.getString(at + "key");
                long count = json.getLong(at + "projectCount");
                if (count > 0) {
                    fromApi.put(key == null ? "" : key, figures(new BigDecimal(json.getString(at + "registeredPlan")),
                            count, json.getLong(at + "projectsWithPlan")));
                }
            }
            assertThat(fromApi).as("groupBy=%s after %s", grouping.getKey(), after)
                    .isEqualTo(fromProjects(grouping.getValue()));
        }
        JsonPath sources = RestApi.as(Roles.PLANNER, null).queryParam("groupBy", "source").get("/funding-totals").then().statusCode(200)
                .extract().jsonPath();
        Map<String, BigDecimal> bySource = sourceSums();
        for (int g = 0; g < 3; g++) {
            assertThat(new BigDecimal(sources.getString("groups[" + g + "].registeredPlan")))
                    .as("source %s after %s", sources.getString("groups[" + g + "].key"), after)
                    .isEqualByComparingTo(bySource.get(sources.getString("groups[" + g + "].key")));
        }
        assertThat(new BigDecimal(sources.getString("total.registeredTotalInvestment"))).as("total investment after %s", after)
                .isEqualByComparingTo(bySource.get("INVESTMENT"));
    }

    private Map<String, String> fromProjects(String key) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select " + key + ", coalesce(sum(annual_plan), 0), count(*), count(annual_plan)"
                     + " from project where status <> 'CANCELLED' group by 1")) {
            while (r.next()) {
                sums.put(r.getString(1), figures(r.getBigDecimal(2), r.getLong(3), r.getLong(4)));
            }
        }
        return sums;
    }

    private Map<String, BigDecimal> sourceSums() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select coalesce(sum(central_amount), 0), coalesce(sum(regional_amount), 0),"
                     + " coalesce(sum(local_amount), 0), coalesce(sum(total_investment), 0) from project where status <> 'CANCELLED'")) {
            r.next();
            return Map.of("CENTRAL", r.getBigDecimal(1), "REGIONAL", r.getBigDecimal(2), "LOCAL", r.getBigDecimal(3),
                    "INVESTMENT", r.getBigDecimal(4));
        }
    }

    private static String figures(BigDecimal plan, long projects, long withPlan) {
        return plan.stripTrailingZeros().toPlainString() + " in " + projects + " (" + withPlan + " with a plan)";
    }
}
