package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** The outbox keeps the API working while Kafka is away and delivers when it is back. Programme 10 only. */
@QuarkusTest
class BrokerOutageTest {

    @Test
    void aChangeMadeWhileTheBrokerIsDownIsPublishedWhenItReturns() {
        RealInfrastructure.broker().stop();
        try {
            RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 7000000, "annualPlan", 5000000,
                            "split", Map.of("central", 1000000, "regional", 1000000, "local", 3000000)))
                    .when().put("/projects/P1002/funding")
                    .then().statusCode(200);
            RestApi.as(Roles.PLANNER, null).when().get("/projects/P1002").then().statusCode(200).body("name", equalTo("主城区桥梁提级改造工程"));
        } finally {
            RealInfrastructure.broker().start();
        }
        TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P1002")
                && seen.value().path("type").asText().equals("ProjectFundingChanged")
                && seen.value().path("payload").path("project").path("plan").path("annualPlan").decimalValue()
                .compareTo(new java.math.BigDecimal("5000000")) == 0, 1, Duration.ofSeconds(90));
    }
}
