package cn.qinzhou.livelihood.spreadsheets;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes tables as CSV (UTF-8 with a BOM, so Excel shows the Chinese text; numbers in plain decimal form)
 * or as an .xlsx workbook (amounts, counts and rates are numeric cells with a number format, never text).
 */
public final class SpreadsheetWriter {

    /**
     * @param rows  one list of values per row, in the columns' order: String, Number (BigDecimal for money),
     *              or null for an empty cell
     * @param notes lines written above the table in CSV (as # comments) and on a separate 说明 sheet in .xlsx;
     *              importers skip both
     */
    public record Table(String name, List<Column> columns, List<List<Object>> rows, List<String> notes) {

        public Table(String name, List<Column> columns, List<List<Object>> rows) {
            this(name, columns, rows, List.of());
        }
    }

    public static byte[] csv(Table table) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, table.columns().stream().map(Column::header).map(v -> (Object) v).toList());
        for (String note : table.notes()) {
            out.append("# ").append(note.replace('\n', ' ')).append("\r\n");
        }
        for (List<Object> row : table.rows()) {
            line(out, row);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = values.get(i);
            String text = v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r") || text.startsWith("#")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            out.append(text);
        }
        out.append("\r\n");
    }

    public static byte[] xlsx(List<Table> tables) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = new Styles(workbook);
            for (Table table : tables) {
                Sheet sheet = workbook.createSheet(table.name());
                Row header = sheet.createRow(0);
                for (int c = 0; c < table.columns().size(); c++) {
                    Cell cell = header.createCell(c);
                    cell.setCellValue(table.columns().get(c).header());
                    cell.setCellStyle(styles.header);
                    // Typed-in periods such as 2024-09 stay text instead of turning into dates.
                    if (table.columns().get(c).kind() == Column.Kind.TEXT) {
                        sheet.setDefaultColumnStyle(c, styles.text);
                    }
                    sheet.setColumnWidth(c, Math.max(12, Math.min(40, table.columns().get(c).header().length() * 3)) * 256);
                }
                sheet.createFreezePane(0, 1);
                int r = 1;
                for (List<Object> values : table.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size() && c < table.columns().size(); c++) {
                        write(row.createCell(c), values.get(c), table.columns().get(c).kind(), styles);
                    }
                }
                if (!table.notes().isEmpty()) {
                    Sheet notes = workbook.createSheet(table.name() + "说明");
                    notes.setColumnWidth(0, 120 * 256);
                    for (int i = 0; i < table.notes().size(); i++) {
                        notes.createRow(i).createCell(0).setCellValue(table.notes().get(i));
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Cell cell, Object value, Column.Kind kind, Styles styles) {
        if (value == null) {
            return;
        }
        if (value instanceof Number number && kind != Column.Kind.TEXT) {
            cell.setCellValue(number.doubleValue());
            cell.setCellStyle(switch (kind) {
                case AMOUNT -> styles.amount;
                case RATE -> styles.rate;
                default -> styles.number;
            });
        } else {
            cell.setCellValue(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
            cell.setCellStyle(styles.text);
        }
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle text;
        final CellStyle amount;
        final CellStyle number;
        final CellStyle rate;

        Styles(XSSFWorkbook workbook) {
            DataFormat format = workbook.createDataFormat();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            header.setBorderBottom(BorderStyle.THIN);
            text = workbook.createCellStyle();
            text.setDataFormat(format.getFormat("@"));
            amount = workbook.createCellStyle();
            amount.setDataFormat(format.getFormat("#,##0.00"));
            number = workbook.createCellStyle();
            number.setDataFormat(format.getFormat("General"));
            rate = workbook.createCellStyle();
            rate.setDataFormat(format.getFormat("0.00%"));
        }
    }

    private SpreadsheetWriter() {
    }
}
