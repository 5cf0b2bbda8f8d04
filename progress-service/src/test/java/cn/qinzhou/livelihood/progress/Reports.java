package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.restassured.response.ValidatableResponse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Report bodies and the wait for a project to reach this service's catalog. */
public final class Reports {

    public static Map<String, Object> body(String progressPercent, String completedCentral) {
        Map<String, Object> body = new HashMap<>();
        body.put("progressPercent", new BigDecimal(progressPercent));
        body.put("completed", Map.of("central", new BigDecimal(completedCentral), "regional", 0, "local", 0));
        body.put("fundsReceived", Map.of("central", new BigDecimal(completedCentral), "regional", 0, "local", 0));
        body.put("beneficiaries", 1200);
        body.put("beneficiaryDescription", "惠及城乡居民1200人");
        body.put("progressNarrative", "项目按计划推进，已完成主体工程。");
        body.put("difficulties", List.of("资金到位较慢", "施工受雨季影响"));
        body.put("typicalCases", "某村养老服务站投入使用");
        body.put("submittedBy", "张三");
        body.put("contact", "0777-1234567");
        return body;
    }

    public static ValidatableResponse submit(String unit, String projectId, String period, Map<String, Object> body) {
        return RestApi.as(Roles.LEAD_UNIT, unit).body(body).when().put("/projects/" + projectId + "/reports/" + period).then();
    }

    public static void awaitKnown(String projectId, String unit) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                RestApi.as(Roles.LEAD_UNIT, unit).when().get("/projects/" + projectId + "/reports").statusCode() == 200);
    }

    private Reports() {
    }
}
