package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.RobotReceivers;
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
import org.openqa.selenium.WebElement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console as its users see it, in Debian's headless Chromium against the three packaged services:
 * each page's figures are read off the screen and compared with the JSON API, a lead unit submits and corrects
 * a report through the form (and sees the API's message beside a bad field), the supervision office watches an
 * overdue alert arrive without a reload and acknowledges it, and the pages switch to English.
 * The methods run in order: each builds on the data the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String UNIT = "qz-web";
    static final String OTHER_UNIT = "qz-web-other";
    static ServiceStack stack;
    static ConsoleBrowser browser;

    @BeforeAll
    static void startTheStackAndTheBrowser() {
        // 10:00 on 3 October 2024 in Shanghai: September's reports are open, due by the end of the 5th.
        stack = EndToEndStacks.startingAt(ConsoleBrowserTest.class, "2024-10-03T10:00:00+08:00");
        stack.start(EndToEndStacks.READY_WITHIN);
        browser = new ConsoleBrowser(EndToEndStacks.root());

        as("project-service", "planner", null).body(Map.of("id", UNIT, "name", "网页测试单位")).post("/lead-units")
                .then().statusCode(201);
        as("project-service", "planner", null).body(Map.of("id", OTHER_UNIT, "name", "另一测试单位")).post("/lead-units")
                .then().statusCode(201);
        assign("P0401", UNIT, 500000, 366000, 200000, 100000, 66000);
        assign("P0402", UNIT, 150000, 100000, 100000, 0, 0);
        assign("P0501", OTHER_UNIT, 80000, 50000, 0, 0, 50000);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                as("progress-service", "lead-unit", UNIT).get("/projects/P0402/reports").statusCode() == 200
                        && as("progress-service", "lead-unit", OTHER_UNIT).get("/projects/P0501/reports").statusCode() == 200);
        // Another unit's report: the lead unit's page must never show it.
        as("progress-service", "lead-unit", OTHER_UNIT).body(report(80, 30000, "另一单位的进展", null))
                .put("/projects/P0501/reports/2024-09").then().statusCode(201);
    }

    @AfterAll
    static void stopEverything() {
        EndToEndStacks.stop(browser, stack);
    }

    @Test
    @Order(1)
    void thePlanningPageShowsTheDocumentFiguresBesideTheRegisteredSumsAndSwitchesToEnglish() {
        browser.signIn(stack.url("project-service") + "/console/funding.html", "planner", null);
        JsonPath api = as("project-service", "planner", null).get("/funding-totals?groupBy=programme")
                .then().statusCode(200).extract().jsonPath();

        assertThat(browser.text("h1")).isEqualTo("计划资金（项目库）");
        assertThat(browser.text("#total-document .value")).startsWith("65.03");
        assertThat(browser.text("#total-programme-sum .value")).startsWith("65.00");
        assertThat(browser.text("#funding-table tr[data-key='total'] td[data-col='registeredPlan']"))
                .isEqualTo(yuan(api.get("total.registeredPlan")));
        assertThat(browser.text("#funding-table tr[data-key='total'] td[data-col='unallocated']"))
                .isEqualTo(yuan(api.get("total.unallocated")));
        Map<String, Object> education = api.<Map<String, Object>>getList("groups").stream()
                .filter(g -> "4".equals(String.valueOf(g.get("key")))).findFirst().orElseThrow();
        assertThat(browser.text("#funding-table tr[data-key='4'] td[data-col='documentFigure']"))
                .isEqualTo(yuan(education.get("documentFigure"))).isEqualTo("864,000,000.00");
        assertThat(browser.text("#funding-table tr[data-key='4'] td[data-col='registeredPlan']"))
                .isEqualTo(yuan(education.get("registeredPlan"))).isEqualTo("466,000.00");
        assertThat(browser.text("#funding-table tr[data-key='4'] td[data-col='unallocated']"))
                .isEqualTo(yuan(education.get("unallocated")));
        awaitChartDrawn();
        browser.screenshot("project-funding-zh");

        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("Planned funding (registry)");
        assertThat(browser.text("#funding-table th[data-i18n='col.unallocated']")).isEqualTo("Unallocated (yuan)");
        assertThat(browser.text("#lang-switch")).isEqualTo("中文");
        browser.screenshot("project-funding-en");
        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("计划资金（项目库）");
    }

    @Test
    @Order(2)
    void aLeadUnitSeesItsOwnProjectsAndSubmitsAReportThroughTheFormAfterABadValue() {
        browser.signIn(stack.url("progress-service") + "/console/unit.html", "lead-unit", UNIT);
        browser.text("#projects tr[data-project='P0402']");
        assertThat(rowsOf("#projects tbody tr")).extracting(r -> r.getAttribute("data-project"))
                .containsExactly("P0401", "P0402");
        assertThat(browser.text("#projects tr[data-project='P0401'] td[data-col='timeliness']")).isEqualTo("未报送");
        assertThat(browser.text("#schedule tr[data-period='2024-09']")).contains("2024-10-05 23:59:59");
        assertThat(browser.text("#due-at")).contains("2024-10-05 23:59:59");
        // The months offered are the service's plan years', grouped by year; the one being reported is chosen.
        List<String> calendar = as("progress-service", "lead-unit", UNIT).get("/reporting-calendar")
                .then().statusCode(200).extract().jsonPath().getList("planYears.periods.flatten().period", String.class);
        assertThat(rowsOf("#period optgroup[label='2024年度'] option")).extracting(o -> o.getAttribute("value"))
                .containsExactlyElementsOf(calendar);
        assertThat(browser.find("#period").getAttribute("value")).isEqualTo("2024-09");

        // Amounts are typed in 万元 and stored as exact yuan: 18 万元 is 180,000 yuan.
        browser.click("#projects tr[data-project='P0401'] button");
        browser.type("#f-progress", "150");
        browser.type("[name='completed.central']", "18万");
        browser.type("[name='completed.regional']", "0");
        browser.type("[name='completed.local']", "0");
        browser.type("[name='fundsReceived.central']", "20");
        browser.type("[name='fundsReceived.regional']", "5");
        browser.type("[name='fundsReceived.local']", "0");
        browser.type("#f-narrative", "幼儿园主体结构封顶");
        browser.type("#f-submitted-by", "王芳");
        browser.type("#f-contact", "0777-3000000");
        browser.click("#submit-report");
        // Not a number of 万元: named beside its field by the page, the API not asked (it would name progressPercent).
        assertThat(browser.text(".field-error[data-error-for='completed.central']")).contains("万元");
        assertThat(browser.all(".field-error[data-error-for='progressPercent']")).isEmpty();
        as("progress-service", "lead-unit", UNIT).get("/projects/P0401/reports/2024-09").then().statusCode(404);

        browser.type("[name='completed.central']", "18");
        browser.click("#submit-report");

        String shown = browser.text(".field-error[data-error-for='progressPercent']");
        // the page asks the API in its own language (Chinese), and so does this comparison (asWithExactAmounts)
        String apiMessage = as("progress-service", "lead-unit", UNIT)
                .body(report(150, 180000, "幼儿园主体结构封顶", null))
                .put("/projects/P0401/reports/2024-09").then().statusCode(400).extract().jsonPath()
                .getString("violations.find { it.field == 'progressPercent' }.message");
        assertThat(shown).isEqualTo(apiMessage).isNotBlank();
        assertThat(browser.find("#f-progress").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("unit-form-invalid");

        browser.type("#f-progress", "45");
        browser.click("#submit-report");
        assertThat(browser.text("#form-notice.ok")).contains("已提交 P0401 2024-09", "按时");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                browser.text("#projects tr[data-project='P0401'] td[data-col='timeliness']")).isEqualTo("按时"));
        JsonPath stored = as("progress-service", "lead-unit", UNIT).get("/projects/P0401/reports/2024-09")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("timeliness")).isEqualTo("ON_TIME");
        assertThat(new BigDecimal(stored.getString("latest.progressPercent"))).isEqualByComparingTo("45");
        assertThat(new BigDecimal(stored.getString("latest.completedInvestment"))).isEqualByComparingTo("180000");
        assertThat(stored.getString("latest.submittedBy")).isEqualTo("王芳");
        assertThat(stored.getString("latest.progressNarrative")).isEqualTo("幼儿园主体结构封顶");
        assertThat(stored.getString("latest.recordedBy")).isEqualTo(UNIT);
        browser.screenshot("unit-form-submitted");

        // A correction: the form is filled from the stored report and needs a reason.
        browser.click("#projects tr[data-project='P0401'] button[data-action='correct']");
        await().atMost(Duration.ofSeconds(10)).until(() -> "45".equals(browser.find("#f-progress").getAttribute("value")));
        assertThat(browser.find("[name='completed.central']").getAttribute("value")).isEqualTo("18");
        assertThat(browser.find("[name='fundsReceived.regional']").getAttribute("value")).isEqualTo("5");
        browser.type("[name='completed.central']", "21");
        browser.type("#f-correction", "中央资金完成额漏报三万元");
        browser.click("#submit-report");
        assertThat(browser.text("#form-notice.ok")).contains("已更正", "2");
        assertThat(as("progress-service", "lead-unit", UNIT).get("/projects/P0401/reports/2024-09")
                .then().statusCode(200).extract().jsonPath().getInt("latestVersion")).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theReportingStatusPageShowsTheApisRatesAndAProjectsCorrections() {
        browser.signIn(stack.url("progress-service") + "/console/reporting.html?period=2024-09", "supervisor", null);
        JsonPath api = as("progress-service", "supervisor", null).get("/reporting-status?period=2024-09")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> unit = api.<Map<String, Object>>getList("byLeadUnit").stream()
                .filter(g -> UNIT.equals(g.get("key"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) unit.get("counts");

        String row = "#by-unit tr[data-key='" + UNIT + "'] ";
        assertThat(browser.text(row + "td[data-col='expected']")).isEqualTo(String.valueOf(counts.get("expected"))).isEqualTo("2");
        assertThat(browser.text(row + "td[data-col='onTime']")).isEqualTo(String.valueOf(counts.get("onTime"))).isEqualTo("1");
        assertThat(browser.text(row + "td[data-col='missing']")).isEqualTo("1");
        assertThat(browser.text(row + "td[data-col='reportingRate']")).isEqualTo(rate(counts.get("reportingRate"))).isEqualTo("50.00%");
        assertThat(browser.text(row + "td[data-col='onTimeRate']")).isEqualTo(rate(counts.get("onTimeRate")));
        assertThat(browser.text("#overall-expected .value")).isEqualTo(String.valueOf(api.getInt("overall.expected")));
        assertThat(browser.text("#overall-reporting-rate .value")).isEqualTo(rate(api.get("overall.reportingRate")));
        assertThat(browser.text("#missing-projects")).contains("P0402").doesNotContain("P0401");

        browser.type("#history-project", "P0401");
        browser.click("#history-show");
        browser.text("#history tr[data-version='2']");
        assertThat(rowsOf("#history tbody tr")).hasSize(2);
        assertThat(browser.text("#history tr[data-version='2'] td[data-col='correctionReason']")).isEqualTo("中央资金完成额漏报三万元");
        awaitChartDrawn();
        browser.screenshot("reporting-status");
    }

    @Test
    @Order(4)
    void theFundingDashboardShowsPlannedCompletedAndReceivedForTheChosenMonth() {
        browser.signIn(stack.url("progress-service") + "/console/funding.html?period=2024-09", "dashboard", null);
        browser.find("#group-by option[value='lead-unit']").click();
        JsonPath api = as("progress-service", "dashboard", null).get("/funding-totals?groupBy=lead-unit&period=2024-09")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> unit = api.<Map<String, Object>>getList("groups").stream()
                .filter(g -> UNIT.equals(g.get("key"))).findFirst().orElseThrow();
        String row = "#funding-table tr[data-key='" + UNIT + "'] ";
        // 万元 with two decimals, rounded from the API's exact yuan; the total from the API's exact total.
        assertThat(browser.text(row + "td[data-col='planned']")).isEqualTo(wan(unit.get("planned"))).isEqualTo("46.60");
        assertThat(browser.text(row + "td[data-col='completed']")).isEqualTo(wan(unit.get("completed"))).isEqualTo("21.00");
        assertThat(browser.text(row + "td[data-col='received']")).isEqualTo(wan(unit.get("received"))).isEqualTo("25.00");
        assertThat(browser.text(row + "td[data-col='completionRate']")).isEqualTo(rate(unit.get("completionRate")));
        assertThat(browser.text("#total-completed .value")).startsWith(wan(api.get("total.completed")));
        assertThat(browser.text("#funding-table tr[data-key='total'] td[data-col='planned']")).isEqualTo(wan(api.get("total.planned")));
        awaitChartDrawn();
        browser.screenshot("progress-funding-2024-09");

        // The month selector: at the end of August nothing had been reported yet.
        browser.find("#period option[value='2024-08']").click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text(row + "td[data-col='completed']")).isEqualTo("0.00"));
        assertThat(as("progress-service", "dashboard", null).get("/funding-totals?groupBy=lead-unit&period=2024-08")
                .then().statusCode(200).extract().jsonPath().getList("groups.findAll { it.key == '" + UNIT + "' }.completed")
                .get(0).toString()).isIn("0", "0.00");
    }

    @Test
    @Order(5)
    void anOverdueAlertAppearsLiveInTheConsoleAndIsAcknowledgedWithANote() {
        browser.signIn(stack.url("notification-service") + "/console/alerts.html", "supervisor", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.find("#live").getAttribute("class").contains("open"));
        browser.script("window.sameDocument = true;");
        String overdue = "#alerts tr[data-rule='OVERDUE'][data-subject='P0402'][data-period='2024-09']";
        assertThat(browser.all(overdue)).isEmpty();

        // The deadline passes with no report on P0402: the sweep raises the alert, the stream brings it in.
        for (String service : ServiceStack.SERVICES) {
            as(service, "operator", null).body(Map.of("to", "2024-10-06T00:00:01+08:00")).put("/admin/clock")
                    .then().statusCode(200);
        }
        // Rows are redrawn as changes stream in, so the id is read in the same breath as the row is found.
        long id = Long.parseLong(browser.await(d -> d.findElement(org.openqa.selenium.By.cssSelector(overdue)).getAttribute("data-alert")));
        assertThat(browser.script("return window.sameDocument === true")).isEqualTo(true);
        assertThat(browser.text(overdue + " td[data-col='state']")).isEqualTo("未处理");
        // The plan year filter: the alert stays under its year.
        assertThat(rowsOf("#filter-year option")).extracting(o -> o.getAttribute("value")).containsExactly("", "2024");
        browser.find("#filter-year option[value='2024']").click();
        assertThat(browser.text(overdue + " td[data-col='state']")).isEqualTo("未处理");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.text("#open-YELLOW .value"))
                .isEqualTo(String.valueOf(as("notification-service", "supervisor", null)
                        .get("/alerts?state=OPEN&severity=YELLOW&size=1").then().extract().jsonPath().getLong("total"))));
        browser.screenshot("alerts-live");

        browser.click(overdue);
        browser.type("#note", "已电话督促网页测试单位补报");
        browser.click("#acknowledge");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.text("#detail-state")).isEqualTo("已确认"));
        JsonPath stored = as("notification-service", "supervisor", null).get("/alerts/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("state")).isEqualTo("ACKNOWLEDGED");
        assertThat(stored.getString("history.last().note")).isEqualTo("已电话督促网页测试单位补报");
        assertThat(stored.getString("history.last().actor")).isEqualTo("supervisor");
        assertThat(browser.text("#history tr[data-change='ACKNOWLEDGED'] td[data-col='note']")).isEqualTo("已电话督促网页测试单位补报");
        // Under the default filter (open alerts) the acknowledged one leaves the list.
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.all(overdue).isEmpty());
        browser.screenshot("alerts-acknowledged");

        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("Alert console");
        assertThat(browser.text("#detail-state")).isEqualTo("acknowledged");
        assertThat(browser.text("#open-YELLOW .label")).contains("Yellow alerts open");
        browser.screenshot("alerts-en");
    }

    @Test
    @Order(6)
    void aUnitAnswersItsAlertInTheConsoleTheOfficeReturnsThenAcceptsItAndItsWebhookIsToldOfEachStep() {
        String overdue = "#alerts tr[data-rule='OVERDUE'][data-subject='P0402'][data-period='2024-09']";
        long id = as("notification-service", "supervisor", null).get("/alerts?rule=OVERDUE&leadUnit=" + UNIT + "&state=ACKNOWLEDGED")
                .then().statusCode(200).extract().jsonPath().getLong("items.find { it.subjectId == 'P0402' }.id");
        try (RobotReceivers officeSystem = new RobotReceivers()) {
            // The office's system subscribes to the unit's alerts through the subscriptions page.
            browser.signIn(stack.url("notification-service") + "/console/subscriptions.html", "supervisor", null);
            browser.type("#recipient", "督查室督办平台");
            browser.click("#channel option[value='WEBHOOK']");
            browser.type("#target", officeSystem.webhook("console-office"));
            browser.type("#secretName", "e2e-hook");
            browser.type("#leadUnitId", UNIT);
            browser.click("#subscription-form button[type='submit']");
            assertThat(browser.text("#form-notice")).isEqualTo("已保存。");
            assertThat(browser.text("#subscriptions tbody tr:last-child td:nth-child(2)")).isEqualTo("督查室督办平台");
            assertThat(as("notification-service", "supervisor", null).get("/subscriptions").then().statusCode(200).extract()
                    .jsonPath().getList("findAll { it.recipient == '督查室督办平台' }.leadUnitId")).containsExactly(UNIT);
            browser.screenshot("subscriptions");

            answerAsTheUnit(overdue, "补报材料正在审核", "已安排专人本周内补报");
            browser.signIn(stack.url("notification-service") + "/console/alerts.html", "supervisor", null);
            openAcknowledged(overdue);
            assertThat(browser.text("#answer-fields dd[data-answer='explanation']")).isEqualTo("补报材料正在审核");
            browser.type("#review-comment", "请写明补报的具体日期");
            browser.click("#return-answer");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(as("notification-service", "supervisor", null)
                    .get("/alerts/" + id).then().extract().jsonPath().getString("response")).isEqualTo("RETURNED"));

            answerAsTheUnit(overdue, "补报材料已报送", "已于10月8日补报九月进展");
            browser.signIn(stack.url("notification-service") + "/console/alerts.html", "supervisor", null);
            openAcknowledged(overdue);
            assertThat(browser.text("#answer-response")).isEqualTo("待审核");
            browser.type("#review-comment", "同意");
            browser.click("#accept-answer");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.text("#detail-state")).isEqualTo("已解决"));
            JsonPath stored = as("notification-service", "supervisor", null).get("/alerts/" + id).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(stored.getString("state")).isEqualTo("RESOLVED");
            assertThat(stored.getString("response")).isEqualTo("ACCEPTED");
            assertThat(stored.getString("answer.measures")).isEqualTo("已于10月8日补报九月进展");
            assertThat(stored.getList("history.change")).containsSubsequence("ANSWERED", "ANSWER_RETURNED", "ANSWERED", "RESOLVED");

            // Each step reached the office's system, signed; the alert's page lists who was told.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(officeSystem.to("console-office").stream()
                    .filter(r -> r.body().path("alert").path("id").asLong() == id).map(r -> r.body().path("eventType").asText()))
                    .containsSubsequence("AlertAnswered", "AnswerReturned", "AlertAnswered", "AlertResolved"));
            assertThat(officeSystem.violations()).isEmpty();
            browser.signIn(stack.url("notification-service") + "/console/alerts.html", "supervisor", null);
            browser.click("#filter-state option[value='RESOLVED']");
            browser.click(overdue);
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.all("#deliveries tr[data-state='SENT']").size() >= 4);
            browser.screenshot("alert-answered-and-delivered");
        }
    }

    /** The lead unit opens its acknowledged alert and answers it through the form. */
    private void answerAsTheUnit(String row, String explanation, String measures) {
        browser.signIn(stack.url("notification-service") + "/console/alerts.html", "lead-unit", UNIT);
        openAcknowledged(row);
        browser.type("#answer-explanation", explanation);
        browser.type("#answer-measures", measures);
        // A date input takes keys in the browser's locale; the value itself is ISO.
        browser.script("document.getElementById('answer-expected').value = '2024-10-20';");
        browser.click("#submit-answer");
        // "sent, awaiting review" at once; the same alert arriving again by the stream says "awaiting review".
        assertThat(browser.text("#answer-notice")).contains("待督查室审核");
        assertThat(browser.text("#answer-response")).isEqualTo("待审核");
    }

    private void openAcknowledged(String row) {
        browser.click("#filter-state option[value='ACKNOWLEDGED']");
        browser.click(row);
    }

    private void awaitChartDrawn() {
        browser.await(d -> browser.script("return !!document.querySelector('.chart canvas')"));
    }

    private static List<WebElement> rowsOf(String css) {
        return browser.all(css);
    }

    private static void assign(String project, String unit, long total, long plan, long central, long regional, long local) {
        as("project-service", "planner", null).body(Map.of("leadUnitId", unit)).put("/projects/" + project + "/lead-unit")
                .then().statusCode(200);
        as("project-service", "planner", null).body(Map.of("totalInvestment", total, "annualPlan", plan,
                        "split", Map.of("central", central, "regional", regional, "local", local)))
                .put("/projects/" + project + "/funding").then().statusCode(200);
    }

    private static Map<String, Object> report(int progress, long completedCentral, String narrative, String correctionReason) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of(
                "progressPercent", progress,
                "completed", Map.of("central", completedCentral, "regional", 0, "local", 0),
                "fundsReceived", Map.of("central", 200000, "regional", 50000, "local", 0),
                "progressNarrative", narrative, "submittedBy", "王芳", "contact", "0777-3000000"));
        if (correctionReason != null) {
            body.put("correctionReason", correctionReason);
        }
        return body;
    }

    /** Yuan as the console shows them: thousands separators and two decimals. */
    private static String yuan(Object value) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(new BigDecimal(String.valueOf(value)));
    }

    /** Yuan as the console shows them in 万元: divided by 10,000, two decimals half up, thousands separators. */
    static String wan(Object value) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(new BigDecimal(String.valueOf(value)).movePointLeft(4).setScale(2, RoundingMode.HALF_UP));
    }

    /** A 4-decimal share as the console shows it: a percentage with two decimals. */
    private static String rate(Object value) {
        return new BigDecimal(String.valueOf(value)).movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static RequestSpecification as(String service, String role, String unit) {
        return EndToEndStacks.asWithExactAmounts(stack, service, role, unit);
    }
}
