package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** A value of the wrong JSON type is refused, not converted: a client sending one has a bug to be told about. */
@QuarkusTest
class StrictJsonTypesTest {

    static final String UNIT = "strict-unit";

    @Test
    void aPercentageSentAsTextIsRefusedNamingTheFieldAndTheRule() {
        ProjectEvents.publishKnown("STRICT-1", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("progressPercent", "40");
        Reports.submit(UNIT, "STRICT-1", "2024-09", body).statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("progressPercent"))
                .body("violations[0].message", equalTo("must be a number, not text"));
    }

    @Test
    void aContactSentAsANumberIsRefusedNamingTheFieldAndTheRule() {
        ProjectEvents.publishKnown("STRICT-2", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("contact", 12);
        Reports.submit(UNIT, "STRICT-2", "2024-09", body).statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("contact"))
                .body("violations[0].message", equalTo("must be text, not a number"));
    }

    @Test
    void aBooleanIsNeitherANumberNorText() {
        ProjectEvents.publishKnown("STRICT-3", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("beneficiaries", true);
        Reports.submit(UNIT, "STRICT-3", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("beneficiaries"))
                .body("violations[0].message", equalTo("must be a number, not a boolean"));
        body.put("beneficiaries", 1200);
        body.put("submittedBy", false);
        Reports.submit(UNIT, "STRICT-3", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("submittedBy"))
                .body("violations[0].message", equalTo("must be text, not a boolean"));
    }

    @Test
    void aWholeNumberIsStillADecimalAmount() {
        ProjectEvents.publishKnown("STRICT-4", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("progressPercent", 40);
        Reports.submit(UNIT, "STRICT-4", "2024-09", body).statusCode(201);
    }
}
