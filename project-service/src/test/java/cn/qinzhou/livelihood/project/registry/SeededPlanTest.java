package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Runs first (junit-platform.properties orders classes), so the registry is exactly as seeded. */
@QuarkusTest
@org.junit.jupiter.api.Order(1)
class SeededPlanTest {

    @Test
    void seedHoldsTheDocumentsSeventyNineProjectsNamedAsWritten() {
        List<Map<String, Object>> items = RestApi.as(Roles.PLANNER, null).queryParam("size", 500)
                .when().get("/projects")
                .then().statusCode(200)
                .body("total", equalTo(79))
                .body("items.name", hasItems("城乡居民基本养老保险", "推进“医银合作”打造“15分钟”医保服务圈",
                        "浦北县人民医院城东分院感染性疾病综合业务楼及发热门诊（一期）", "钦州市第七小学4#教学综合楼工程",
                        "农业生产发展资金—耕地地力保护", "壮美广西·智慧广电", "浦北县充电桩综合服务建设"))
                .extract().path("items");
        Map<Object, Long> byCategory = items.stream().collect(Collectors.groupingBy(p -> p.get("category"), Collectors.counting()));
        assertThat(byCategory).containsEntry("REGION_ALIGNED", 34L).containsEntry("CITY_SELECTED", 45L);
        assertThat(items).allSatisfy(p -> assertThat(p.get("status")).isEqualTo("ACTIVE"));
    }

    @Test
    void filtersByProgrammeAndCategory() {
        RestApi.as(Roles.PLANNER, null).queryParam("programme", 3).queryParam("category", "CITY_SELECTED")
                .when().get("/projects")
                .then().statusCode(200)
                .body("total", equalTo(8))
                .body("items[0].programmeName", equalTo("卫生健康惠民工程"));
    }

    @Test
    void programmesCarryTheDocumentsFigures() {
        RestApi.as(Roles.PLANNER, null).when().get("/programmes")
                .then().statusCode(200)
                .body("size()", equalTo(10))
                .body("[0].name", equalTo("社会保障惠民工程"))
                .body("[0].documentAnnualPlan", comparesEqualTo(new BigDecimal("1550000000.00")))
                .body("[0].regionAligned.documentProjectCount", equalTo(3))
                .body("[0].regionAligned.documentAnnualPlan", comparesEqualTo(new BigDecimal("1511000000.00")))
                .body("[0].citySelected.documentProjectCount", equalTo(4))
                .body("[9].name", equalTo("交通惠民工程"))
                .body("[9].citySelected.documentAnnualPlan", comparesEqualTo(new BigDecimal("542000000.00")));
    }

    @Test
    void everySeededProjectIsAnnouncedOnTheProjectTopicKeyedByItsId() {
        List<TopicProbe.Seen> registered = TopicProbe.await(Topics.PROJECT_EVENTS,
                seen -> seen.value().path("type").asText().equals("ProjectRegistered")
                        && seen.key().equals(seen.value().path("aggregateId").asText()),
                79, Duration.ofSeconds(60));
        assertThat(registered.stream().map(TopicProbe.Seen::key).distinct()).hasSizeGreaterThanOrEqualTo(79);
        TopicProbe.Seen first = registered.stream().filter(s -> s.key().equals("P0101")).findFirst().orElseThrow();
        assertThat(first.value().path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(first.value().path("eventId").asText()).hasSize(36);
        assertThat(first.value().path("payload").path("project").path("name").asText()).isEqualTo("城乡居民基本养老保险");
        assertThat(first.value().path("payload").path("project").path("category").asText()).isEqualTo("REGION_ALIGNED");
    }
}
