package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;

/** Uses programme 10 projects P1005 and P1006 only. */
@QuarkusTest
class ResponsibilityTableIdempotencyTest {

    static final String TABLE = """
            project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local
            P1005,qz-idem,幂等测试单位,3000000.00,2500000.00,1500000.00,500000.00,500000.00
            """;

    @Test
    void aTableRepeatedWithItsIdempotencyKeyGetsTheFirstAnswerAndAnotherTableUnderTheKeyIsRefused() {
        Response first = upload("table-key-1", TABLE);
        first.then().statusCode(200).body("projectsChanged", equalTo(1)).body("leadUnitsCreated", equalTo(1));

        // Applied again the table would change nothing and say so; the stored answer still says what the first did.
        Response repeat = upload("table-key-1", TABLE);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.asString()).isEqualTo(first.asString());
        upload(null, TABLE).then().statusCode(200).body("projectsChanged", equalTo(0));

        upload("table-key-1", TABLE.replace("P1005", "P1006")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P1006").then().statusCode(200)
                .body("leadUnitId", org.hamcrest.Matchers.not(equalTo("qz-idem")));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P1005").then().statusCode(200)
                .body("leadUnitId", equalTo("qz-idem"))
                .body("totalInvestment", comparesEqualTo(new BigDecimal("3000000.00")));
    }

    private static Response upload(String key, String csv) {
        var request = RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8").body(csv);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/responsibility-table");
    }
}
