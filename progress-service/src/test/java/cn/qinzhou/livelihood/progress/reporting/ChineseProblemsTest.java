package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A client asking for Chinese (Accept-Language) gets every refusal's title, detail and rule in Chinese, the fields
 * and rule codes as they are; one asking for English, or for nothing, or preferring English by q-value, gets English.
 */
@QuarkusTest
class ChineseProblemsTest {

    static final String UNIT = "zh-unit";

    private static ValidatableResponse submit(String language, String projectId, String period, Object body) {
        var request = RestApi.as(Roles.LEAD_UNIT, UNIT);
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return request.body(body).when().put("/projects/" + projectId + "/reports/" + period).then()
                .contentType("application/problem+json");
    }

    @Test
    void beanValidationIsInChineseForZhCn() {
        ProjectEvents.publishKnown("ZH-1", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("progressPercent", new BigDecimal("40.125"));
        body.put("completed", Map.of("central", new BigDecimal("-1"), "regional", 0, "local", 0));
        submit("zh-CN", "ZH-1", "2024-09", body).statusCode(400)
                .body("title", equalTo("请求有误"))
                .body("detail", equalTo("请求中有字段不符合要求"))
                .body("violations.find { it.field == 'progressPercent' }.message", equalTo("须为百分比，最多 2 位小数"))
                .body("violations.find { it.field == 'progressPercent' }.rule", equalTo("Digits"))
                .body("violations.find { it.field == 'completed.central' }.message", equalTo("不得为负数"));

        body = Reports.body("101", "500000");
        submit("zh-CN", "ZH-1", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("progressPercent"))
                .body("violations[0].message", equalTo("必须小于或等于100"))
                .body("violations[0].rule", equalTo("DecimalMax"));
        // zh-TW and zh-Hans are Chinese too (Hibernate Validator's own words for zh_TW are traditional)
        submit("zh-Hans", "ZH-1", "2024-09", body).statusCode(400).body("title", equalTo("请求有误"));
        submit("zh-TW", "ZH-1", "2024-09", body).statusCode(400).body("title", equalTo("请求有误"));
    }

    @Test
    void englishStaysAsItWasWhenAskedForOrPreferredOrNotAsked() {
        ProjectEvents.publishKnown("ZH-2", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("progressPercent", new BigDecimal("40.125"));
        for (String language : new String[]{"en", null, "en;q=0.9, zh;q=0.8", "de, en-GB;q=0.5, zh;q=0.1"}) {
            submit(language, "ZH-2", "2024-09", body).statusCode(400)
                    .body("title", equalTo("Bad Request"))
                    .body("detail", equalTo("the request has invalid fields"))
                    .body("violations[0].field", equalTo("progressPercent"))
                    .body("violations[0].message", equalTo("must be a percentage with at most 2 decimals"));
        }
        submit("zh;q=0.9, en;q=0.8", "ZH-2", "2024-09", body).statusCode(400)
                .body("violations[0].message", equalTo("须为百分比，最多 2 位小数"));
    }

    @Test
    void theServicesOwnRulesAreInChinese() {
        ProjectEvents.publishKnown("ZH-3", UNIT, 6, "ACTIVE", "2000000");
        ProjectEvents.publishKnown("ZH-OTHER", "zh-other-unit", 6, "ACTIVE", "2000000");
        Reports.awaitKnown("ZH-OTHER", "zh-other-unit");
        submit("zh-CN", "ZH-OTHER", "2024-09", Reports.body("40", "500000")).statusCode(403)
                .body("title", equalTo("无权操作"))
                .body("detail", equalTo("项目 ZH-OTHER 属于其他牵头单位，无权操作"));
        submit("zh-CN", "ZH-3", "2024-9", Reports.body("40", "500000")).statusCode(400)
                .body("violations[0].field", equalTo("period"))
                .body("violations[0].message", equalTo("月份须写作 yyyy-MM，如 2024-09"))
                .body("violations[0].rule", equalTo("rules.period.format"));
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("completedInvestment", new BigDecimal("1"));
        submit("zh-CN", "ZH-3", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("completedInvestment"))
                .body("violations[0].message", equalTo(
                        "须等于中央财政补助、自治区财政补助、市和县区投入（completed.central、completed.regional、completed.local）完成额之和（500000 元）"));
        // the same in English, as it always was
        submit("en", "ZH-OTHER", "2024-09", Reports.body("40", "500000")).statusCode(403)
                .body("title", equalTo("Forbidden"))
                .body("detail", equalTo("project ZH-OTHER belongs to another lead unit"));
    }

    @Test
    void malformedJsonUnknownFieldsAndWrongTypesAreInChinese() {
        ProjectEvents.publishKnown("ZH-4", UNIT, 6, "ACTIVE", "2000000");
        submit("zh-CN", "ZH-4", "2024-09", "{\"progressPercent\": ").statusCode(400)
                .body("title", equalTo("请求有误"))
                .body("detail", startsWith("请求体不是格式正确的 JSON："))
                .body("violations[0].field", equalTo("body"))
                .body("violations[0].message", equalTo("须为格式正确的 JSON"));
        Map<String, Object> body = Reports.body("40", "500000");
        body.put("version", 7);
        submit("zh-CN", "ZH-4", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("version"))
                .body("violations[0].message", equalTo("不是可识别的字段，不得填写"))
                .body("violations[0].rule", equalTo("platform.json.unknown-field"));
        body = Reports.body("40", "500000");
        body.put("progressPercent", "40");
        submit("zh-CN", "ZH-4", "2024-09", body).statusCode(400)
                .body("violations[0].field", equalTo("progressPercent"))
                .body("violations[0].message", equalTo("须为数字，不能是文本"));
        submit("en", "ZH-4", "2024-09", body).statusCode(400)
                .body("violations[0].message", equalTo("must be a number, not text"));
    }

    @Test
    void noTokenAndUnknownPathsAreInChineseToo() {
        RestApi.anonymous().header("Accept-Language", "zh-CN").body(Reports.body("40", "1"))
                .put("/projects/ZH-5/reports/2024-09").then().statusCode(401).contentType("application/problem+json")
                .body("title", equalTo("未认证"))
                .body("detail", equalTo("需要有效的令牌（Bearer）"));
        RestApi.as(Roles.SUPERVISOR, null).header("Accept-Language", "zh-CN").get("/no-such-thing").then()
                .statusCode(404).body("title", equalTo("未找到"));
    }
}
