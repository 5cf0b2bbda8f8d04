package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * PUT /lead-units/{id}: the name changes, the id stays, and each of the unit's projects is announced again with
 * the new name (the project topic is what the other services' catalogs are built from). Its own units and
 * projects only (registered here), so other tests' data is untouched.
 */
@QuarkusTest
class LeadUnitRenameTest {

    @Test
    void renamingAnnouncesEachOfTheUnitsProjectsWithTheNewName() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-rename", "name", "市改名前局"))
                .when().post("/lead-units").then().statusCode(201);
        String project = RestApi.as(Roles.PLANNER, null)
                .body(Map.of("programmeId", 8, "category", "CITY_SELECTED", "name", "改名测试项目", "leadUnitId", "qz-rename"))
                .when().post("/projects").then().statusCode(201).extract().path("id");

        RestApi.as(Roles.PLANNER, null).body(Map.of("name", " 市改名后局 "))
                .when().put("/lead-units/qz-rename")
                .then().statusCode(200)
                .body("id", equalTo("qz-rename"))
                .body("name", equalTo("市改名后局"))
                .body("projectCount", equalTo(1));

        RestApi.as(Roles.PLANNER, null).when().get("/lead-units")
                .then().statusCode(200).body("find { it.id == 'qz-rename' }.name", equalTo("市改名后局"));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/" + project)
                .then().statusCode(200).body("leadUnitId", equalTo("qz-rename")).body("leadUnitName", equalTo("市改名后局"));

        List<TopicProbe.Seen> announced = TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals(project)
                && seen.value().path("type").asText().equals("LeadUnitAssigned"), 1, Duration.ofSeconds(30));
        var payload = announced.get(0).value().path("payload");
        assertThat(payload.path("previousLeadUnitId").asText()).isEqualTo("qz-rename");
        assertThat(payload.path("project").path("leadUnitId").asText()).isEqualTo("qz-rename");
        assertThat(payload.path("project").path("leadUnitName").asText()).isEqualTo("市改名后局");

        // The same name again changes nothing and announces nothing more.
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "市改名后局"))
                .when().put("/lead-units/qz-rename").then().statusCode(200).body("name", equalTo("市改名后局"));
        List<TopicProbe.Seen> after = TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals(project), 2,
                Duration.ofSeconds(10));
        assertThat(after).extracting(seen -> seen.value().path("type").asText())
                .containsExactly("ProjectRegistered", "LeadUnitAssigned");
    }

    @Test
    void badNamesAndUnknownUnitsAreRefusedAndChangeNothing() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-rename-a", "name", "市甲局")).when().post("/lead-units").then().statusCode(201);
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "qz-rename-b", "name", "市乙局")).when().post("/lead-units").then().statusCode(201);

        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "市乙局"))
                .when().put("/lead-units/qz-rename-a")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("name"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", " "))
                .when().put("/lead-units/qz-rename-a")
                .then().statusCode(400).body("violations.field", hasItem("name"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "局".repeat(101)))
                .when().put("/lead-units/qz-rename-a")
                .then().statusCode(400).body("violations.field", hasItem("name"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "市甲局", "id", "qz-other-id"))
                .when().put("/lead-units/qz-rename-a")
                .then().statusCode(400).body("violations.field", hasItem("id"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "无此单位"))
                .when().put("/lead-units/qz-no-such-unit")
                .then().statusCode(404).contentType("application/problem+json");
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("name", "督查室改名"))
                .when().put("/lead-units/qz-rename-a").then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, "qz-rename-a").body(Map.of("name", "自己改名"))
                .when().put("/lead-units/qz-rename-a").then().statusCode(403);

        RestApi.as(Roles.PLANNER, null).when().get("/lead-units")
                .then().statusCode(200).body("find { it.id == 'qz-rename-a' }.name", equalTo("市甲局"));
    }
}
