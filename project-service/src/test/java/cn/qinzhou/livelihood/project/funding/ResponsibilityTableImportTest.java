package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.project.Api;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

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
        Api.given().contentType("text/csv; charset=UTF-8").body(csv)
                .when().post("/responsibility-table")
                .then().statusCode(200)
                .body("rows", equalTo(2))
                .body("projectsChanged", equalTo(2))
                .body("leadUnitsCreated", equalTo(1));

        Api.given().when().get("/projects/P0802")
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
        Api.given().contentType("text/csv; charset=UTF-8").body(csv)
                .when().post("/responsibility-table")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("rows[3].project", "rows[4].split", "rows[5].total_investment",
                        "rows[5].annual_plan", "rows[6].project", "rows[6].lead_unit_id"));

        // The good first row was not applied either, and no lead unit was created.
        Api.given().when().get("/projects/P0803")
                .then().statusCode(200)
                .body("leadUnitId", nullValue())
                .body("plan", nullValue());
        Api.given().when().get("/lead-units")
                .then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem("qz-njsw")));
    }

    @Test
    void aTableWithoutTheExpectedHeaderIsRejected() {
        Api.given().contentType("text/csv; charset=UTF-8").body("name,amount\nfoo,1\n")
                .when().post("/responsibility-table")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("header"));
    }

    @Test
    void theTemplateNamesTheColumns() {
        Api.given().accept("text/csv").when().get("/responsibility-table/template")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.startsWith(
                        "project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local"));
    }
}
