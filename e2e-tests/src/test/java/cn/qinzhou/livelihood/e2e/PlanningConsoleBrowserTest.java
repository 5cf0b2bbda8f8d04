package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.ServiceStack;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The planning office's pages (project-service) as their users work them, in Debian's headless Chromium on a
 * 1366x768 window against the three packaged services: the planner registers a lead unit and renames it,
 * registers a project with amounts typed in 万元 and edits its funding, imports a responsibility table that has
 * a bad row (and sees that row's error beside it) and then a good one; a lead unit files an adjustment request;
 * the planner sees the original and the revised plan side by side and approves; the unit sees the decision.
 * What the pages show is compared with the API's answer. The methods run in order, each on the data before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanningConsoleBrowserTest {

    static final String UNIT = "qz-plan-web";
    static final String UNIT_NAME = "规划网页测试局";
    static final String RENAMED = "规划网页测试局（更名）";
    static final String PROJECT_NAME = "网页登记的民生项目";
    static ServiceStack stack;
    static ConsoleBrowser browser;
    static Path files;
    static String registeredProject;

    @BeforeAll
    static void startTheStackAndTheBrowser() throws IOException {
        stack = EndToEndStacks.startingAt(PlanningConsoleBrowserTest.class, "2024-10-03T10:00:00+08:00");
        stack.start(EndToEndStacks.READY_WITHIN);
        Path root = EndToEndStacks.root();
        browser = new ConsoleBrowser(root);
        browser.windowSize(1366, 768);
        files = Files.createDirectories(root.resolve("e2e-tests/target/planning-console"));
    }

    @AfterAll
    static void stopEverything() {
        EndToEndStacks.stop(browser, stack);
    }

    @Test
    @Order(1)
    void thePlannerRegistersALeadUnitAndRenamesIt() {
        browser.signIn(registry(), "planner", null);
        assertThat(browser.text("h1")).isEqualTo("项目与牵头单位");
        // The page has loaded once the seeded projects are listed (a fresh registry has no lead unit yet).
        browser.text("#projects tbody tr[data-project='P0101']");
        browser.type("#u-id", UNIT);
        browser.type("#u-name", UNIT_NAME);
        browser.click("#save-unit");
        assertThat(browser.text("#unit-notice.ok")).contains(UNIT, UNIT_NAME);
        assertThat(browser.text("#lead-units tr[data-unit='" + UNIT + "'] td[data-col='name']")).isEqualTo(UNIT_NAME);

        // The same id again: the API's conflict is shown, nothing changes.
        browser.type("#u-id", UNIT);
        browser.type("#u-name", "另一个名字");
        browser.click("#save-unit");
        assertThat(browser.text("#unit-notice.error")).startsWith("409");

        browser.click("#lead-units tr[data-unit='" + UNIT + "'] button[data-action='rename']");
        assertThat(browser.find("#u-id").getAttribute("readonly")).isNotNull();
        browser.type("#u-name", RENAMED);
        browser.click("#save-unit");
        assertThat(browser.text("#unit-notice.ok")).contains(RENAMED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                browser.text("#lead-units tr[data-unit='" + UNIT + "'] td[data-col='name']")).isEqualTo(RENAMED));
        String apiName = as("planner", null).get("/lead-units").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == '" + UNIT + "' }.name");
        assertThat(apiName).isEqualTo(RENAMED);
        assertNoPageWideOverflow();
    }

    @Test
    @Order(2)
    void thePlannerRegistersAProjectInWanYuanAndEditsItsFunding() {
        browser.signIn(registry(), "planner", null);
        browser.text("#projects tbody tr[data-project='P0401']");
        int before = projectsOfProgrammeFour().size();
        browser.click("#p-programme option[value='4']");
        browser.click("#p-category option[value='CITY_SELECTED']");
        browser.type("#p-name", PROJECT_NAME);
        browser.click("#p-lead-unit option[value='" + UNIT + "']");
        browser.type("#p-total", "一千万");
        browser.type("#p-plan", "1000");
        browser.type("#p-central", "600.5");
        browser.type("#p-regional", "299.5");
        browser.type("#p-local", "100");
        browser.click("#save-project");
        // Not a number of 万元: said beside the field, and the API is not asked.
        assertThat(browser.text(".field-error[data-error-for='totalInvestment']")).contains("万元");
        assertThat(browser.find("#p-total").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(projectsOfProgrammeFour()).hasSize(before);
        browser.screenshot("planning-registry-invalid");

        browser.type("#p-total", "1234.5678");
        browser.click("#save-project");
        assertThat(browser.text("#project-notice.ok")).contains(PROJECT_NAME);
        Map<String, Object> created = projectsOfProgrammeFour().stream()
                .filter(p -> PROJECT_NAME.equals(p.get("name"))).findFirst().orElseThrow();
        registeredProject = (String) created.get("id");
        JsonPath api = project(registeredProject);
        // 1234.5678 万元 typed is 12,345,678.00 yuan exactly; the page shows the API's yuan / 10,000 to two decimals.
        assertThat(new BigDecimal(api.getString("totalInvestment"))).isEqualByComparingTo("12345678.00");
        assertThat(new BigDecimal(api.getString("plan.central"))).isEqualByComparingTo("6005000.00");
        assertThat(api.getString("leadUnitName")).isEqualTo(RENAMED);
        String row = "#projects tr[data-project='" + registeredProject + "'] ";
        assertThat(browser.text(row + "td[data-col='totalInvestment']")).isEqualTo(wan(api.get("totalInvestment"))).isEqualTo("1,234.57");
        assertThat(browser.text(row + "td[data-col='annualPlan']")).isEqualTo(wan(api.get("plan.annualPlan"))).isEqualTo("1,000.00");
        assertThat(browser.text(row + "td[data-col='central']")).isEqualTo(wan(api.get("plan.central"))).isEqualTo("600.50");
        assertThat(browser.text(row + "td[data-col='leadUnit']")).contains(RENAMED);

        // Edit: the form holds the exact 万元; a split that does not add up is the API's message beside the field.
        browser.click(row + "button[data-action='edit']");
        await().atMost(Duration.ofSeconds(10)).until(() -> "1234.5678".equals(browser.find("#p-total").getAttribute("value")));
        browser.type("#p-plan", "900");
        browser.click("#save-project");
        String shown = browser.text(".field-error[data-error-for='split']," + " #project-notice.error");
        assertThat(shown).isNotBlank();
        assertThat(new BigDecimal(project(registeredProject).getString("plan.annualPlan"))).isEqualByComparingTo("10000000.00");
        browser.type("#p-central", "500.5");
        browser.click("#save-project");
        assertThat(browser.text("#project-notice.ok")).contains(registeredProject);
        JsonPath edited = project(registeredProject);
        assertThat(new BigDecimal(edited.getString("plan.annualPlan"))).isEqualByComparingTo("9000000.00");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.text(row + "td[data-col='annualPlan']"))
                .isEqualTo(wan(edited.get("plan.annualPlan"))).isEqualTo("900.00"));
        assertThat(browser.text(row + "td[data-col='central']")).isEqualTo(wan(edited.get("plan.central"))).isEqualTo("500.50");
        assertNoPageWideOverflow();
        browser.script("window.scrollTo(0, 0);");
        browser.screenshot("planning-registry");

        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("Projects and lead units");
        assertThat(browser.text("#projects th[data-i18n='col.totalInvestment']")).isEqualTo("Total investment (10k yuan)");
        browser.screenshot("planning-registry-en");
        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("项目与牵头单位");
    }

    @Test
    @Order(3)
    void thePlannerImportsATableWithABadRowSeesItsErrorThenImportsTheGoodOne() throws IOException {
        String header = "project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local\n";
        String good = "P0403," + UNIT + "," + RENAMED + ",1000000.00,800000.00,500000.00,200000.00,100000.00\n";
        Path bad = write("bad.csv", header + good + "P0404," + UNIT + "," + RENAMED + ",500000,400000,abc,0,0\n");
        Path fixed = write("good.csv", header + good + "P0404," + UNIT + "," + RENAMED + ",500000,400000,400000,0,0\n");

        browser.signIn(stack.url("project-service") + "/console/import.html", "planner", null);
        assertThat(browser.text("h1")).isEqualTo("责任表导入");
        browser.find("#import-file").sendKeys(bad.toString());
        browser.click("#upload");
        assertThat(browser.text("#import-notice.error")).contains("未导入");
        List<Map<String, Object>> violations = RestAssured.given().baseUri(stack.url("project-service"))
                .auth().oauth2(EndToEndStacks.token("planner", null)).contentType("text/csv").accept(ContentType.JSON)
                .header("Accept-Language", "zh-CN").body(Files.readAllBytes(bad)).post("/responsibility-table")
                .then().statusCode(400).extract().jsonPath().getList("violations");
        assertThat(violations).extracting(v -> v.get("field")).containsExactly("rows[3].central");
        String errorRow = "#import-errors tr[data-row='3'] ";
        assertThat(browser.text(errorRow + "td[data-col='row']")).isEqualTo("3");
        assertThat(browser.text(errorRow + "td[data-col='field']")).contains("中央财政补助", "central");
        assertThat(browser.text(errorRow + "td[data-col='message']")).isEqualTo(violations.get(0).get("message"));
        assertThat(browser.all("#import-errors tbody tr")).hasSize(1);
        // Beside the error, the row as it was uploaded.
        assertThat(browser.text(errorRow + "td[data-col='content']")).startsWith("P0404,").contains("abc");
        // Nothing of the refused table was written, not even its good row.
        assertThat(project("P0403").getString("leadUnitId")).isNull();
        assertNoPageWideOverflow();
        browser.screenshot("planning-import-errors");

        browser.script("document.getElementById('import-file').value = '';");
        browser.find("#import-file").sendKeys(fixed.toString());
        browser.click("#upload");
        assertThat(browser.text("#import-notice.ok")).contains("已导入");
        assertThat(browser.text("#result-rows .value")).isEqualTo("2");
        assertThat(browser.find("#import-errors-box").isDisplayed()).isFalse();
        JsonPath imported = project("P0403");
        assertThat(imported.getString("leadUnitId")).isEqualTo(UNIT);
        assertThat(new BigDecimal(imported.getString("plan.annualPlan"))).isEqualByComparingTo("800000.00");
        assertThat(new BigDecimal(project("P0404").getString("plan.central"))).isEqualByComparingTo("400000.00");
        browser.screenshot("planning-import-done");
    }

    @Test
    @Order(4)
    void aLeadUnitFilesAnAdjustmentRequestForItsOwnProject() {
        browser.signIn(adjustments(), "lead-unit", UNIT);
        assertThat(browser.text("h1")).isEqualTo("调整申请");
        browser.text("#f-project option[value='P0403']");
        assertThat(browser.all("#f-project option")).extracting(o -> o.getAttribute("value"))
                .containsExactlyInAnyOrder("P0403", "P0404", registeredProject);
        browser.click("#f-project option[value='P0403']");
        assertThat(browser.text("#f-current")).contains("80.00", "50.00", "20.00", "10.00");
        browser.click("#f-kind option[value='CHANGE_PLAN']");
        browser.type("#f-plan", "六十");
        browser.type("#f-central", "30");
        browser.type("#f-regional", "20");
        browser.type("#f-local", "10");
        browser.type("#f-reason", "上级资金下达减少，年度计划投资调减");
        browser.click("#file-request");
        assertThat(browser.text(".field-error[data-error-for='annualPlan']")).contains("万元");
        assertThat(as("planner", null).get("/adjustment-requests").then().statusCode(200).extract().jsonPath()
                .getList("$")).isEmpty();

        browser.type("#f-plan", "60");
        browser.click("#file-request");
        assertThat(browser.text("#file-notice.ok")).contains("已提交调整申请");
        JsonPath filed = as("lead-unit", UNIT).get("/adjustment-requests").then().statusCode(200).extract().jsonPath();
        assertThat(filed.getList("$")).hasSize(1);
        int id = filed.getInt("[0].id");
        assertThat(new BigDecimal(filed.getString("[0].requestedPlan.annualPlan"))).isEqualByComparingTo("600000.00");
        assertThat(filed.getString("[0].requestedBy")).isEqualTo(UNIT);
        String row = "#requests tr[data-request='" + id + "'] ";
        assertThat(browser.text(row + "td[data-col='status']")).isEqualTo("待审批");
        assertThat(browser.text(row + "td[data-col='requestedPlan']")).isEqualTo(wan(filed.get("[0].requestedPlan.annualPlan"))).isEqualTo("60.00");
        assertNoPageWideOverflow();
        browser.screenshot("planning-adjustment-filed");
    }

    @Test
    @Order(5)
    void thePlannerSeesTheOriginalBesideTheRevisedPlanAndApproves() {
        JsonPath pending = as("planner", null).get("/adjustment-requests?status=PENDING").then().statusCode(200).extract().jsonPath();
        int id = pending.getInt("[0].id");
        JsonPath original = project("P0403");

        browser.signIn(adjustments(), "planner", null);
        browser.click("#requests tr[data-request='" + id + "']");
        String plan = "#compare tr[data-part='annualPlan'] ";
        assertThat(browser.text(plan + "td[data-col='original']")).isEqualTo(wan(original.get("plan.annualPlan"))).isEqualTo("80.00");
        assertThat(browser.text(plan + "td[data-col='revised']")).isEqualTo(wan(pending.get("[0].requestedPlan.annualPlan"))).isEqualTo("60.00");
        assertThat(browser.text(plan + "td[data-col='difference']")).isEqualTo("-20.00");
        assertThat(browser.find("#compare tr[data-part='annualPlan']").getAttribute("class")).contains("changed");
        assertThat(browser.find("#compare tr[data-part='central']").getAttribute("class")).contains("changed");
        // 20 万元 from the region before and after: not marked.
        assertThat(browser.text("#compare tr[data-part='regional'] td[data-col='original']")).isEqualTo("20.00");
        assertThat(browser.text("#compare tr[data-part='regional'] td[data-col='revised']")).isEqualTo("20.00");
        assertThat(browser.find("#compare tr[data-part='regional']").getAttribute("class")).doesNotContain("changed");
        assertNoPageWideOverflow();
        browser.screenshot("planning-adjustment-review");
        // Printed: the comparison without the header, the decision form and its buttons.
        browser.printMedia(true);
        try {
            assertThat(browser.find("#console-header").isDisplayed()).isFalse();
            assertThat(browser.find("#decide-form").isDisplayed()).isFalse();
            assertThat(browser.find("#compare").isDisplayed()).isTrue();
            browser.screenshot("planning-adjustment-print");
        } finally {
            browser.printMedia(false);
        }
        assertThat(browser.find("#decide-form").isDisplayed()).isTrue();

        browser.type("#d-note", "同意调减，按新计划执行");
        browser.click("#approve");
        assertThat(browser.text("#decide-notice.ok")).contains("已同意申请 " + id);
        JsonPath decided = as("planner", null).get("/adjustment-requests/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(decided.getString("status")).isEqualTo("APPROVED");
        assertThat(decided.getString("decisionNote")).isEqualTo("同意调减，按新计划执行");
        JsonPath adjusted = project("P0403");
        assertThat(adjusted.getString("status")).isEqualTo("ADJUSTED");
        assertThat(new BigDecimal(adjusted.getString("plan.annualPlan"))).isEqualByComparingTo("600000.00");
        assertThat(new BigDecimal(adjusted.getString("originalPlan.annualPlan"))).isEqualByComparingTo("800000.00");
        assertThat(browser.find("#decide-form").isDisplayed()).isFalse();
        browser.screenshot("planning-adjustment-approved");
    }

    @Test
    @Order(6)
    void theLeadUnitSeesTheDecision() {
        browser.signIn(adjustments(), "lead-unit", UNIT);
        JsonPath own = as("lead-unit", UNIT).get("/adjustment-requests").then().statusCode(200).extract().jsonPath();
        String row = "#requests tr[data-request='" + own.getInt("[0].id") + "'] ";
        assertThat(browser.text(row + "td[data-col='status']")).isEqualTo("已同意");
        assertThat(browser.text(row + "td[data-col='note']")).isEqualTo(own.getString("[0].decisionNote"));
        browser.screenshot("planning-adjustment-decided");
    }

    /** A table wider than the screen scrolls inside its own box; the page itself never scrolls sideways. */
    private static void assertNoPageWideOverflow() {
        Object overflow = browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("page-wide horizontal overflow (px)").isLessThanOrEqualTo(0);
    }

    private static String registry() {
        return stack.url("project-service") + "/console/registry.html";
    }

    private static String adjustments() {
        return stack.url("project-service") + "/console/adjustments.html";
    }

    private static List<Map<String, Object>> projectsOfProgrammeFour() {
        return as("planner", null).get("/projects?programme=4&size=500").then().statusCode(200).extract().jsonPath().getList("items");
    }

    private static JsonPath project(String id) {
        return as("planner", null).get("/projects/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static Path write(String name, String content) {
        try {
            return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Yuan as the planning pages show them: 万元 with thousands separators and two decimals, half up. */
    private static String wan(Object yuan) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(new BigDecimal(String.valueOf(yuan)).movePointLeft(4).setScale(2, RoundingMode.HALF_UP));
    }

    private static RequestSpecification as(String role, String unit) {
        return EndToEndStacks.asWithExactAmounts(stack, "project-service", role, unit);
    }
}
