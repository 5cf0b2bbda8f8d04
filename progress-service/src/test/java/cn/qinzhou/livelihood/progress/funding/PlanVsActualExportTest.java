package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class PlanVsActualExportTest {

    @Test
    void theXlsxAndCsvExportsParseBackToTheJsonFiguresWithAmountsAndRatesAsNumbers() {
        for (String groupBy : List.of("programme", "source", "month")) {
            JsonPath json = RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", groupBy).when().get("/funding-totals")
                    .then().statusCode(200).extract().jsonPath();
            byte[] xlsx = RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", groupBy).queryParam("format", "xlsx").when().get("/funding-totals")
                    .then().statusCode(200).contentType(SpreadsheetReader.XLSX).extract().asByteArray();
            byte[] csv = RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", groupBy).accept("text/csv").when().get("/funding-totals")
                    .then().statusCode(200).extract().asByteArray();
            List<List<Object>> sheet = Workbooks.read(xlsx, null);
            List<List<String>> records = Workbooks.csv(csv);
            int groups = json.getList("groups").size();
            assertThat(sheet).as(groupBy).hasSize(groups + 2);
            assertThat(records).as(groupBy).hasSize(groups + 2);
            assertThat(sheet.get(0)).containsExactly("编码", "名称", "年度计划投资(元)", "累计完成投资(元)", "累计资金到位(元)",
                    "投资完成率", "项目数", "已报送项目数");
            for (int i = 0; i <= groups; i++) {
                String at = i < groups ? "groups[" + i + "]." : "total.";
                List<Object> row = sheet.get(i + 1);
                assertThat(row.get(1)).isEqualTo(json.getString(at + "label"));
                for (int c = 2; c <= 4; c++) {
                    String field = List.of("planned", "completed", "received").get(c - 2);
                    assertThat(row.get(c)).isInstanceOf(Double.class);
                    assertThat(BigDecimal.valueOf((Double) row.get(c))).isEqualByComparingTo(json.getString(at + field));
                    assertThat(new BigDecimal(records.get(i + 1).get(c))).isEqualByComparingTo(json.getString(at + field));
                }
                String rate = json.getString(at + "completionRate");
                if (rate != null) {
                    assertThat(BigDecimal.valueOf((Double) row.get(5))).isEqualByComparingTo(rate);
                }
                assertThat(((Double) row.get(6)).longValue()).isEqualTo(json.getLong(at + "projects"));
            }
        }
    }
}
