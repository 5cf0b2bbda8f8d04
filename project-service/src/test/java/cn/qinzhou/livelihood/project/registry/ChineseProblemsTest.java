package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
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

    @Test
    void beanValidationIsInChineseForZhCn() {
        as(Roles.PLANNER, null, "zh-CN").body(Map.of("id", "Not An Id", "name", "测试单位")).post("/lead-units").then()
                .statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("请求有误"))
                .body("detail", equalTo("请求中有字段不符合要求"))
                .body("violations[0].field", equalTo("id"))
                .body("violations[0].message", equalTo("须为 2 至 64 个小写字母、数字或“-”，以字母或数字开头"))
                .body("violations[0].rule", equalTo("Pattern"));
        as(Roles.PLANNER, null, "zh-CN").body(Map.of("totalInvestment", -1, "annualPlan", new BigDecimal("1.001"),
                        "split", Map.of("central", 0, "regional", 0, "local", 0))).put("/projects/P0501/funding").then()
                .statusCode(400)
                .body("violations.find { it.field == 'totalInvestment' }.message", equalTo("不得为负数"))
                .body("violations.find { it.field == 'annualPlan' }.message", equalTo("须为以元计的金额，最多 2 位小数、14 位整数"));
    }

    @Test
    void englishStaysAsItWas() {
        for (String language : new String[]{"en", null, "en;q=0.9, zh;q=0.8"}) {
            as(Roles.PLANNER, null, language).body(Map.of("id", "Not An Id", "name", "测试单位")).post("/lead-units").then()
                    .statusCode(400)
                    .body("title", equalTo("Bad Request"))
                    .body("violations[0].field", equalTo("id"))
                    .body("violations[0].message",
                            equalTo("must be 2-64 lower-case letters, digits or '-', starting with a letter or digit"));
        }
    }

    @Test
    void theServicesOwnRulesAreInChinese() {
        as(Roles.PLANNER, null, "zh-CN").body(Map.of("totalInvestment", 2000000, "annualPlan", 1000000,
                        "split", Map.of("central", 600000, "regional", 300000, "local", 0))).put("/projects/P0501/funding").then()
                .statusCode(400)
                .body("violations[0].field", equalTo("split"))
                .body("violations[0].message", equalTo("中央财政补助、自治区财政补助、市和县区投入之和须等于计划投入（annualPlan）1000000 元，实际合计 900000 元"))
                .body("violations[0].rule", equalTo("project.split.sum"));
        as(Roles.LEAD_UNIT, "qz-zh-nobody", "zh-CN").get("/projects/P0501").then()
                .statusCode(403)
                .body("title", equalTo("无权操作"))
                .body("detail", equalTo("项目 P0501 属于其他牵头单位，无权操作"));
        as(Roles.PLANNER, null, "zh-CN").get("/projects/P9999").then()
                .statusCode(404)
                .body("title", equalTo("未找到"))
                .body("detail", equalTo("项目 P9999 不存在"));
        as(Roles.PLANNER, null, "en").get("/projects/P9999").then()
                .statusCode(404)
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("project P9999 does not exist"));
    }

    @Test
    void malformedJsonIsInChinese() {
        as(Roles.PLANNER, null, "zh-CN").body("{\"id\": ").post("/lead-units").then()
                .statusCode(400)
                .body("title", equalTo("请求有误"))
                .body("detail", startsWith("请求体不是格式正确的 JSON："))
                .body("violations[0].field", equalTo("body"))
                .body("violations[0].message", equalTo("须为格式正确的 JSON"));
        as(Roles.PLANNER, null, "zh-CN").body(Map.of("id", "qz-zh", "name", "测试单位", "createdBy", "x")).post("/lead-units").then()
                .statusCode(400)
                .body("violations[0].field", equalTo("createdBy"))
                .body("violations[0].message", equalTo("不是可识别的字段，不得填写"));
    }
}
