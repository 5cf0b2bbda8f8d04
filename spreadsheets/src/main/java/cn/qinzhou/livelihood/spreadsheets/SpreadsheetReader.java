package cn.qinzhou.livelihood.spreadsheets;

import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an uploaded table, CSV (UTF-8, a leading BOM as Excel writes it is dropped) or .xlsx (its first
 * sheet), into the same {@link UploadedTable} rows. A file that is not what its Content-Type says, an
 * empty file, a file without the expected header or without data rows, or one with too many rows is
 * refused here with a 400 naming the rule; a row of the wrong shape is reported per row.
 * <p>
 * Both formats skip empty rows and rows whose first cell starts with {@code #} (notes in a template).
 * Line numbers are those a spreadsheet shows for .xlsx (the header is on line 1) and the record number for
 * CSV (the header is record 1), so an error report points at the row the user sees.
 */
public final class SpreadsheetReader {

    private static final Charset GB18030 = Charset.forName("GB18030");

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV = "text/csv";

    private record Line(int number, List<String> cells) {
    }

    public static UploadedTable read(byte[] body, String contentType, List<Column> columns, int maxRows) {
        if (body == null || body.length == 0) {
            throw ProblemException.rule("body", "spreadsheets.empty", headers(columns));
        }
        boolean zip = body.length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
        List<Line> lines;
        boolean csv = !isXlsx(contentType);
        if (!csv) {
            if (!zip) {
                throw ProblemException.rule("body", "spreadsheets.not-xlsx", XLSX);
            }
            lines = xlsxLines(body);
        } else {
            if (zip) {
                throw ProblemException.rule("body", "spreadsheets.zip-as-csv", XLSX);
            }
            lines = csvLines(body);
        }
        if (lines.isEmpty()) {
            throw ProblemException.rule("body", "spreadsheets.no-rows", headers(columns));
        }
        List<String> heading = lines.get(0).cells();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Problem.Violation> missing = new ArrayList<>();
        for (Column column : columns) {
            int at = -1;
            for (int i = 0; i < heading.size() && at < 0; i++) {
                if (column.isNamedBy(heading.get(i))) {
                    at = i;
                }
            }
            if (at < 0) {
                missing.add(Problem.Violation.of("header", "spreadsheets.missing-column", column.header(), column.key(),
                        headers(columns)));
            }
            index.put(column.key(), at);
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalid(missing);
        }
        if (lines.size() == 1) {
            throw ProblemException.rule("body", "spreadsheets.no-data-rows");
        }
        if (lines.size() - 1 > maxRows) {
            throw ProblemException.rule("body", "spreadsheets.too-many-rows", maxRows, lines.size() - 1);
        }
        List<UploadedTable.Row> rows = new ArrayList<>();
        List<Problem.Violation> violations = new ArrayList<>();
        for (Line line : lines.subList(1, lines.size())) {
            // A CSV row with a stray or missing comma would shift every value into the wrong column.
            if (csv && line.cells().size() != heading.size()) {
                violations.add(Problem.Violation.of("rows[" + line.number() + "].columns",
                        "spreadsheets.column-count", heading.size(), line.cells().size()));
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            index.forEach((key, i) -> cells.put(key, i < line.cells().size() ? line.cells().get(i) : ""));
            rows.add(new UploadedTable.Row(line.number(), cells));
        }
        return new UploadedTable(rows, violations);
    }

    public static boolean isXlsx(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith(XLSX);
    }

    private static String headers(List<Column> columns) {
        return String.join(",", columns.stream().map(Column::header).toList());
    }

    /**
     * An uploaded CSV file's text, in either encoding an office PC saves it in, told apart without asking: strict
     * UTF-8 (Excel's "CSV UTF-8", with or without its BOM), else GB18030 (plain "CSV" on a Chinese Windows, whose
     * GBK it contains). Chinese text in GBK is almost never valid UTF-8, so the order decides nothing in practice.
     *
     * @throws ProblemException 400 for bytes that are neither, or a binary file
     */
    public static String csvText(byte[] body) {
        String text = strictlyDecoded(body, StandardCharsets.UTF_8);
        if (text == null) {
            text = strictlyDecoded(body, GB18030);
        }
        if (text == null) {
            throw ProblemException.rule("body", "spreadsheets.encoding");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) {
            throw ProblemException.rule("body", "spreadsheets.binary");
        }
        return text;
    }

    private static String strictlyDecoded(byte[] body, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<Line> csvLines(byte[] body) {
        String text = csvText(body);
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setTrim(true).setIgnoreEmptyLines(true).build();
        List<Line> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                lines.add(new Line((int) record.getRecordNumber(), cells));
            }
        } catch (IOException | RuntimeException e) {
            // The parser's own message names Java exceptions; say what is wrong in the file instead.
            throw ProblemException.rule("body", "spreadsheets.unreadable-csv", lines.isEmpty() ? 0
                    : lines.get(lines.size() - 1).number());
        }
        return lines;
    }

    private static List<Line> xlsxLines(byte[] body) {
        List<Line> lines = new ArrayList<>();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(body))) {
            if (workbook.getNumberOfSheets() == 0) {
                return lines;
            }
            Sheet sheet = workbook.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < Math.max(0, row.getLastCellNum()); i++) {
                    cells.add(text(row.getCell(i)));
                }
                if (cells.stream().allMatch(String::isEmpty) || cells.get(0).startsWith("#")) {
                    continue;
                }
                lines.add(new Line(row.getRowNum() + 1, cells));
            }
        } catch (IOException | RuntimeException e) {
            throw ProblemException.rule("body", "spreadsheets.unreadable-xlsx");
        }
        return lines;
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            // A number typed into Excel is a double: written back in its shortest exact form (1200000, 12.5).
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> "";
        };
    }

    private SpreadsheetReader() {
    }
}
