package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Workbooks;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spreadsheet and bulletin pages of progress-service in Debian's headless Chromium against the three packaged
 * services: a lead unit downloads the import template, uploads a workbook with one bad row and sees that row's
 * error beside it, then a good file (CSV as Chinese Excel saves it, GB18030) and sees the reports stored; the
 * supervision office opens a month's bulletin with a cut-off, reads the API's figures on the page (amounts in 万元
 * rounded from exact yuan), downloads the same bulletin as .xlsx and prints it; every progress-service page fits a
 * 1366x768 screen without a page-wide horizontal scroll. The methods run in order, each on the data the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportingConsoleBrowserTest {

    static final String UNIT = "qz-sheet";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** The bulletin's cut-off: after September's deadline, before the clock's now. */
    static final String AS_OF = "2024-10-06T12:00:00+08:00";
    static ServiceStack stack;
    static ConsoleBrowser browser;
    static Path files;

    @BeforeAll
    static void startTheStackAndTheBrowser() throws IOException {
        // 10:00 on 3 October 2024 in Shanghai: September's reports are open, due by the end of the 5th.
        stack = EndToEndStacks.startingAt(ReportingConsoleBrowserTest.class, "2024-10-03T10:00:00+08:00");
        stack.start(EndToEndStacks.READY_WITHIN);
        Path root = EndToEndStacks.root();
        browser = new ConsoleBrowser(root);
        files = Files.createDirectories(root.resolve("e2e-tests/target/reporting-console-files"));

        as("project-service", "planner", null).body(Map.of("id", UNIT, "name", "表格测试单位")).post("/lead-units")
                .then().statusCode(201);
        assign("P0401", 500000, 366000, 200000, 100000, 66000);
        assign("P0402", 150000, 100000, 100000, 0, 0);
        // Never reported: overdue in the bulletin once the deadline has passed.
        assign("P0501", 80000, 50000, 0, 0, 50000);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                as("progress-service", "lead-unit", UNIT).get("/projects/P0501/reports").statusCode() == 200
                        && as("progress-service", "lead-unit", UNIT).get("/projects/P0402/reports").statusCode() == 200);
    }

    @AfterAll
    static void stopEverything() {
        EndToEndStacks.stop(browser, stack);
    }

    @Test
    @Order(1)
    void aLeadUnitDownloadsTheTemplateUploadsAFileWithABadRowSeesItsErrorThenAGoodFileAndItsReports() throws IOException {
        browser.signIn(stack.url("progress-service") + "/console/upload.html", "lead-unit", UNIT);
        assertThat(browser.text("h1")).isEqualTo("表格报送");
        await().atMost(Duration.ofSeconds(10)).until(() -> "2024-09".equals(browser.find("#period").getAttribute("value")));

        // The template, fetched with the token and saved from a blob: the workbook's header row is what the importer reads.
        browser.click("#download-template");
        assertThat(browser.text("#template-notice.ok")).contains(".xlsx");
        byte[] template = downloaded("#template-link");
        byte[] apiTemplate = as("progress-service", "lead-unit", UNIT).accept(XLSX).get("/report-files/template?format=xlsx")
                .then().statusCode(200).extract().asByteArray();
        assertThat(Workbooks.read(template, null)).isEqualTo(Workbooks.read(apiTemplate, null));
        List<Object> headers = Workbooks.read(template, null).get(0);
        assertThat(headers).hasSize(18).startsWith("项目编号", "报送月份(yyyy-MM)", "形象进度(%)");

        // The template filled in: line 3 has a progress of 150 %, so the whole file is refused.
        byte[] bad = Workbooks.xlsx(List.of(headers, row("P0401", 45, 180000), row("P0402", 150, 100000)));
        browser.find("#file").sendKeys(write("月度进展-有误.xlsx", bad).toString());
        browser.click("#upload");
        String error = "#row-errors tr[data-row='3'][data-field='progressPercent'] ";
        String shown = browser.text(error + "td[data-col='message']");
        JsonPath refused = as("progress-service", "lead-unit", UNIT).contentType(XLSX).body(bad).post("/report-files")
                .then().statusCode(400).extract().jsonPath();
        assertThat(refused.getList("violations.field")).containsExactly("rows[3].progressPercent");
        assertThat(shown).isEqualTo(refused.getString("violations[0].message")).contains("形象进度");
        assertThat(browser.text(error + "td[data-col='row']")).isEqualTo("3");
        assertThat(browser.all("#row-errors tbody tr")).hasSize(1);
        assertThat(browser.text("#upload-notice.error")).contains("1");
        assertThat(as("progress-service", "lead-unit", UNIT).get("/reports?period=2024-09").then().statusCode(200)
                .extract().jsonPath().getList("$")).isEmpty();
        browser.screenshot("reporting-upload-refused");

        // Corrected, and saved as a Chinese Excel's plain "CSV": GB18030, no BOM. 123,456.78 yuan is 12.35 万元.
        String csv = String.join(",", headers.stream().map(Object::toString).toList()) + "\r\n"
                + "P0401,2024-09,45,180000,0,0,,200000,50000,0,1200,惠及城乡居民1200人,主体结构封顶,,,王芳,0777-3000000,\r\n"
                + "P0402,2024-09,60,123456.78,0,0,,100000,0,0,300,惠及学生300人,设备已采购,,,王芳,0777-3000000,\r\n";
        browser.find("#file").sendKeys(write("月度进展.csv", csv.getBytes(Charset.forName("GB18030"))).toString());
        browser.click("#upload");
        assertThat(browser.text("#upload-notice.ok")).contains("月度进展.csv");
        assertThat(browser.text("#import-submitted .value")).isEqualTo("2");
        assertThat(browser.find("#row-errors-box").isDisplayed()).isFalse();
        JsonPath stored = as("progress-service", "lead-unit", UNIT).get("/projects/P0402/reports/2024-09")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("timeliness")).isEqualTo("ON_TIME");
        assertThat(stored.getString("latest.progressNarrative")).isEqualTo("设备已采购");
        assertThat(new BigDecimal(stored.getString("latest.completedInvestment"))).isEqualByComparingTo("123456.78");
        String imported = "#imported tr[data-project='P0402'] ";
        assertThat(browser.text(imported + "td[data-col='completed']"))
                .isEqualTo(ConsoleBrowserTest.wan(stored.getString("latest.completedInvestment"))).isEqualTo("12.35");
        assertThat(browser.text(imported + "td[data-col='timeliness']")).isEqualTo("按时");
        // The month's reports of the unit, read again after the import.
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.all("#month-reports tbody tr").size() == 2);
        assertThat(browser.text("#month-reports tr[data-project='P0401'] td[data-col='completed']")).isEqualTo("18.00");
        browser.screenshot("reporting-upload-imported");
    }

    @Test
    @Order(2)
    void theSupervisionOfficeReadsAMonthsBulletinWithACutOffDownloadsItAsXlsxAndPrintsIt() {
        // The deadline has passed: P0501 is overdue.
        for (String service : ServiceStack.SERVICES) {
            as(service, "operator", null).body(Map.of("to", "2024-10-07T09:00:00+08:00")).put("/admin/clock")
                    .then().statusCode(200);
        }
        browser.signIn(stack.url("progress-service") + "/console/bulletin.html?period=2024-09", "supervisor", null);
        assertThat(browser.text("h1")).isEqualTo("进度通报");
        browser.text("#bulletin-title");
        // A date-time input takes keys in the browser's locale; the value itself is ISO (Beijing wall time).
        browser.script("document.getElementById('as-of').value = '2024-10-06T12:00';");
        browser.click("#show");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text("#bulletin-meta")).contains("2024-10-06 12:00:00"));

        JsonPath api = as("progress-service", "supervisor", null).queryParam("year", 2024).queryParam("asOf", AS_OF)
                .get("/bulletins/2024-09").then().statusCode(200).extract().jsonPath();
        assertThat(browser.text("#bulletin-title")).contains("2024", "2024-09");
        assertThat(browser.text("#overall-expected .value")).isEqualTo(String.valueOf(api.getInt("reporting.overall.expected")));
        assertThat(browser.text("#overall-received .value")).isEqualTo(String.valueOf(api.getInt("reporting.overall.received")));
        assertThat(browser.text("#overall-missing .value")).isEqualTo(String.valueOf(api.getInt("reporting.overall.missing")));
        assertThat(browser.text("#overall-reporting-rate .value")).isEqualTo(rate(api.get("reporting.overall.reportingRate")));
        Map<String, Object> unit = api.<Map<String, Object>>getList("reporting.byLeadUnit").stream()
                .filter(g -> UNIT.equals(g.get("key"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) unit.get("counts");
        String unitRow = "#by-unit tr[data-key='" + UNIT + "'] ";
        assertThat(browser.text(unitRow + "td[data-col='expected']")).isEqualTo(String.valueOf(counts.get("expected"))).isEqualTo("3");
        assertThat(browser.text(unitRow + "td[data-col='received']")).isEqualTo(String.valueOf(counts.get("received"))).isEqualTo("2");
        assertThat(browser.text(unitRow + "td[data-col='reportingRate']")).isEqualTo(rate(counts.get("reportingRate")));
        assertThat(api.getList("overdue.projectId")).contains("P0501");
        assertThat(browser.text("#overdue tr[data-project='P0501']")).contains("表格测试单位");
        assertThat(browser.all("#overdue tbody tr")).hasSize(api.getList("overdue").size());
        assertThat(browser.all("#lagging tbody tr[data-project]")).hasSize(api.getList("lagging").size());

        // Amounts in 万元: the API's exact yuan / 10,000, two decimals; the total from the API's exact total.
        String total = "#funding-programme tr[data-key='total'] ";
        assertThat(browser.text(total + "td[data-col='completed']"))
                .isEqualTo(ConsoleBrowserTest.wan(api.getString("funding.byProgramme.total.completed"))).isEqualTo("30.35");
        assertThat(browser.text(total + "td[data-col='planned']"))
                .isEqualTo(ConsoleBrowserTest.wan(api.getString("funding.byProgramme.total.planned")));
        assertThat(browser.text(total + "td[data-col='received']"))
                .isEqualTo(ConsoleBrowserTest.wan(api.getString("funding.byProgramme.total.received")));
        assertThat(browser.text("#total-completed .value")).isEqualTo("30.35");
        assertThat(browser.text("#funding-source tr[data-key='CENTRAL'] td[data-col='completed']"))
                .isEqualTo(ConsoleBrowserTest.wan(api.getString("funding.bySource.groups.find { it.key == 'CENTRAL' }.completed")));
        browser.screenshot("reporting-bulletin");

        // The same bulletin as .xlsx: the file the page saved equals the API's for the same cut-off, sheet by sheet.
        browser.click("#download-xlsx");
        assertThat(browser.text("#form-notice.ok")).contains(".xlsx");
        byte[] xlsx = downloaded("#xlsx-link");
        assertThat(new String(xlsx, 0, 2, Charset.forName("ISO-8859-1"))).isEqualTo("PK");
        byte[] apiXlsx = as("progress-service", "supervisor", null).accept(XLSX).queryParam("asOf", AS_OF)
                .get("/bulletins/2024-09?format=xlsx").then().statusCode(200).extract().asByteArray();
        List<String> sheets = Workbooks.sheetNames(xlsx);
        assertThat(sheets).isEqualTo(Workbooks.sheetNames(apiXlsx)).contains("资金(按工程)", "逾期未报项目");
        for (String sheet : sheets) {
            assertThat(Workbooks.read(xlsx, sheet)).as(sheet).isEqualTo(Workbooks.read(apiXlsx, sheet));
        }

        // An earlier cut-off: before the upload nothing of the unit's had arrived.
        browser.script("document.getElementById('as-of').value = '2024-10-03T09:00';");
        browser.click("#show");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text(unitRow + "td[data-col='received']")).isEqualTo("0"));
        // A cut-off in the future is refused by the API, named beside the field.
        browser.script("document.getElementById('as-of').value = '2024-12-01T00:00';");
        browser.click("#show");
        assertThat(browser.text(".field-error[data-error-for='asOf']")).contains("不能晚于当前时间");

        // Print: the button opens the browser's print; the style prints A4 landscape without the page's controls.
        browser.script("document.getElementById('as-of').value = '2024-10-06T12:00';");
        browser.click("#show");
        browser.text("#overall-expected .value");
        browser.script("window.printed = false; window.print = () => { window.printed = true; };");
        browser.click("#print");
        assertThat(browser.script("return window.printed")).isEqualTo(true);
        assertThat(browser.script("return [...document.styleSheets].flatMap(s => [...s.cssRules])"
                + ".some(r => r instanceof CSSPageRule && r.style.size.includes('landscape'))")).isEqualTo(true);

        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("Progress bulletin");
        assertThat(browser.text("#funding-programme th[data-i18n='col.completed']")).isEqualTo("Completed (10k yuan)");
        browser.screenshot("reporting-bulletin-en");
        browser.click("#lang-switch");
        assertThat(browser.text("h1")).isEqualTo("进度通报");
    }

    @Test
    @Order(3)
    void everyProgressServicePageFitsA1366x768ScreenWithoutAPageWideHorizontalScroll() {
        browser.windowSize(1366, 768);
        try {
            String base = stack.url("progress-service") + "/console/";
            List<String[]> pages = List.of(
                    new String[]{"bulletin.html?period=2024-09", "supervisor", null, "#overall-expected .value"},
                    new String[]{"funding.html?period=2024-09", "supervisor", null, "#funding-table tr[data-key='total']"},
                    new String[]{"reporting.html?period=2024-09", "supervisor", null, "#overall-expected .value"},
                    new String[]{"unit.html", "lead-unit", UNIT, "#projects tr[data-project='P0402']"},
                    new String[]{"upload.html", "lead-unit", UNIT, "#month-reports tr[data-project='P0402']"});
            for (String[] page : pages) {
                browser.signIn(base + page[0], page[1], page[2]);
                browser.text(page[3]);
                assertThat(browser.script("return window.innerWidth")).as(page[0]).isEqualTo(1366L);
                assertThat((Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth"))
                        .as(page[0] + ": wider than the window by").isLessThanOrEqualTo(0L);
                browser.screenshot("reporting-1366x768-" + page[0].replaceAll("\\.html.*", ""));
            }
        } finally {
            browser.windowSize(1400, 1500);
        }
    }

    /** The bytes behind the blob: URL of a page's "save it here" link, read inside the page (the blob is the page's). */
    private static byte[] downloaded(String linkCss) {
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find(linkCss).getAttribute("href") != null
                && browser.find(linkCss).getAttribute("href").startsWith("blob:"));
        String base64 = (String) browser.script("""
                return fetch(arguments[0]).then(r => r.arrayBuffer()).then(buffer => {
                    const bytes = new Uint8Array(buffer);
                    let text = '';
                    for (let i = 0; i < bytes.length; i += 8192) {
                        text += String.fromCharCode(...bytes.subarray(i, i + 8192));
                    }
                    return btoa(text);
                });""", browser.find(linkCss).getAttribute("href"));
        return Base64.getDecoder().decode(base64);
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(files.resolve(name), bytes);
    }

    private static List<Object> row(String project, int progress, long completedCentral) {
        return new ArrayList<>(Arrays.asList(project, "2024-09", progress, completedCentral, 0, 0, null, 200000, 50000, 0,
                1200, "惠及城乡居民1200人", "主体结构封顶", null, null, "王芳", "0777-3000000", null));
    }

    private static void assign(String project, long total, long plan, long central, long regional, long local) {
        as("project-service", "planner", null).body(Map.of("leadUnitId", UNIT)).put("/projects/" + project + "/lead-unit")
                .then().statusCode(200);
        as("project-service", "planner", null).body(Map.of("totalInvestment", total, "annualPlan", plan,
                        "split", Map.of("central", central, "regional", regional, "local", local)))
                .put("/projects/" + project + "/funding").then().statusCode(200);
    }

    /** A 4-decimal share as the console shows it: a percentage with two decimals. */
    private static String rate(Object value) {
        return new BigDecimal(String.valueOf(value)).movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static RequestSpecification as(String service, String role, String unit) {
        return EndToEndStacks.asWithExactAmounts(stack, service, role, unit);
    }
}
