package cn.qinzhou.livelihood.spreadsheets;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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

    /** RFC 4180 with CRLF line ends; notes are # lines, which the importers skip as comments. */
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setCommentMarker('#').build();

    private static final DateTimeFormatter BEIJING_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(MovableClock.ZONE);

    public static byte[] csv(Table table) {
        StringBuilder out = new StringBuilder("\uFEFF");
        try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
            printer.printRecord(table.columns().stream().map(Column::header));
            for (String note : table.notes()) {
                printer.printComment(note.replace('\n', ' '));
            }
            for (List<Object> row : table.rows()) {
                printer.printRecord(row.stream().map(SpreadsheetWriter::csvValue));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Null, not "", for an empty cell: the printer would quote an empty string standing first in a row. */
    private static String csvValue(Object value) {
        String text = value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        return text.isEmpty() ? null : text;
    }

    /** A time as the offices read it in a table: Beijing time to the second; null stays an empty cell. */
    public static String beijingTime(Instant instant) {
        return instant == null ? null : BEIJING_TIME.format(instant);
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
