package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A client asking for Chinese (Accept-Language) gets every refusal's title, detail and rule in Chinese, the fields
 * and rule codes as they are; one asking for English or for nothing gets English. Nothing here is stored.
 */
@QuarkusTest
class ChineseProblemsTest {

    private static RequestSpecification as(String role, String unit, String language) {
        RequestSpecification request = RestApi.as(role, unit);
        return language == null ? request : request.header("Accept-Language", language);
    }

    private static Map<String, Object> subscription(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of("recipient", "督查室企业微信群", "channel", "WECOM",
                "target", "http://127.0.0.1:9/cgi-bin/webhook/send?key=zh", "mode", "DIGEST", "leadUnitId", "zh-unit",
                "rules", List.of("OVERDUE"), "digestTime", "09:00"));
        body.putAll(changes);
        return body;
    }

    @Test
    void beanValidationIsInChineseForZhCn() {
        as(Roles.SUPERVISOR, null, "zh-CN").body(subscription(Map.of("digestTime", "9:00", "recipient", " ")))
                .post("/subscriptions").then()
                .statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("请求有误"))
                .body("detail", equalTo("请求中有字段不符合要求"))
                .body("violations.find { it.field == 'digestTime' }.message", equalTo("须为 HH:mm 格式的时间"))
                .body("violations.find { it.field == 'digestTime' }.rule", equalTo("Pattern"))
                .body("violations.find { it.field == 'recipient' }.message", equalTo("不能为空"));
    }

    @Test
    void englishStaysAsItWas() {
        for (String language : new String[]{"en", null, "en;q=0.9, zh;q=0.8"}) {
            as(Roles.SUPERVISOR, null, language).body(subscription(Map.of("digestTime", "9:00")))
                    .post("/subscriptions").then()
                    .statusCode(400)
                    .body("title", equalTo("Bad Request"))
                    .body("violations[0].field", equalTo("digestTime"))
                    .body("violations[0].message", equalTo("must be a time HH:mm"));
        }
    }

    @Test
    void theServicesOwnRulesAreInChinese() {
        as(Roles.SUPERVISOR, null, "zh-CN").body(subscription(Map.of("target", "office@example.cn", "quietFrom", "22:00")))
                .post("/subscriptions").then()
                .statusCode(400)
                .body("violations.find { it.field == 'target' }.message", equalTo("渠道为 WECOM 时须为完整的 http 或 https 网址"))
                .body("violations.find { it.field == 'target' }.rule", equalTo("notification.target.url"))
                .body("violations.find { it.field == 'quietUntil' }.message", equalTo("须与 quietFrom 同时填写"));
        as(Roles.SUPERVISOR, null, "zh-CN").get("/alerts/99999999").then()
                .statusCode(404)
                .body("title", equalTo("未找到"))
                .body("detail", equalTo("预警 99999999 不存在"));
        as(Roles.LEAD_UNIT, "zh-unit", "zh-CN").body(subscription(Map.of("leadUnitId", "zh-other-unit")))
                .post("/subscriptions").then()
                .statusCode(403)
                .body("title", equalTo("无权操作"))
                .body("detail", equalTo("牵头单位 zh-other-unit 属于其他牵头单位，无权操作"));
        as(Roles.SUPERVISOR, null, "en").get("/alerts/99999999").then()
                .statusCode(404)
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("alert 99999999 does not exist"));
    }

    @Test
    void malformedJsonAndTheAlertStreamAreInChinese() {
        as(Roles.SUPERVISOR, null, "zh-CN").body("{\"recipient\": ").post("/subscriptions").then()
                .statusCode(400)
                .body("title", equalTo("请求有误"))
                .body("detail", startsWith("请求体不是格式正确的 JSON："))
                .body("violations[0].field", equalTo("body"))
                .body("violations[0].message", equalTo("须为格式正确的 JSON"));
        as(Roles.SUPERVISOR, null, "zh-CN").body(subscription(Map.of("createdBy", "x"))).post("/subscriptions").then()
                .statusCode(400)
                .body("violations[0].field", equalTo("createdBy"))
                .body("violations[0].message", equalTo("不是可识别的字段，不得填写"));
        as(Roles.SUPERVISOR, null, "zh-CN").get("/alerts/stream?snapshot=all").then()
                .statusCode(400)
                .body("title", equalTo("请求有误"))
                .body("violations[0].field", equalTo("snapshot"))
                .body("violations[0].message", equalTo("须为 open（未办结的预警）或不填"));
        as(Roles.SUPERVISOR, null, "en").get("/alerts/stream?snapshot=all").then()
                .statusCode(400)
                .body("violations[0].message", equalTo("must be 'open' (the alerts not resolved) or absent"));
    }
}
