package cn.qinzhou.livelihood.spreadsheets;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How a read endpoint answers: as JSON, or as a file sent as an attachment with a file name. The {@code format}
 * query parameter decides when given, so a link can ask for a download whatever the browser's Accept says;
 * otherwise JAX-RS negotiates the Accept header against the formats the endpoint offers.
 */
public enum ExportFormat {
    JSON(MediaType.APPLICATION_JSON_TYPE, MediaType.APPLICATION_JSON, "json"),
    CSV(new MediaType("text", "csv"), "text/csv; charset=UTF-8", "csv"),
    XLSX(MediaType.valueOf(SpreadsheetReader.XLSX), SpreadsheetReader.XLSX, "xlsx"),
    HTML(MediaType.TEXT_HTML_TYPE, "text/html; charset=UTF-8", "html");

    /** What a data endpoint offers: JSON by default, or the same data as a CSV or .xlsx table. */
    public static final List<ExportFormat> JSON_OR_TABLE = List.of(JSON, CSV, XLSX);

    /** What a template endpoint offers: a file only, CSV by default. */
    public static final List<ExportFormat> TABLE_FILE = List.of(CSV, XLSX);

    /** What Accept is matched against; the charset is not the caller's choice. */
    private final MediaType negotiated;
    public final String mediaType;
    public final String extension;

    ExportFormat(MediaType negotiated, String mediaType, String extension) {
        this.negotiated = negotiated;
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /**
     * @param offered the endpoint's formats, its default first: the one a caller gets who accepts anything,
     *                sends no Accept, or accepts none of them (an endpoint's @Produces lets such a caller in
     *                only where it lists more types than it offers, as template endpoints list JSON)
     */
    public static ExportFormat choose(String format, Request request, List<ExportFormat> offered) {
        if (format != null && !format.isBlank()) {
            String wanted = format.strip().toLowerCase(Locale.ROOT);
            return offered.stream().filter(f -> f.extension.equals(wanted)).findFirst().orElseThrow(() ->
                    ProblemException.rule("format", "spreadsheets.format.unknown",
                            String.join(", ", offered.stream().map(f -> f.extension).toList())));
        }
        Variant best = request.selectVariant(Variant.mediaTypes(
                offered.stream().map(f -> f.negotiated).toArray(MediaType[]::new)).build());
        return best == null ? offered.get(0) : offered.stream()
                .filter(f -> f.negotiated.equals(best.getMediaType())).findFirst().orElse(offered.get(0));
    }

    /** The JSON as it is, or the tables (made only when needed) as a downloadable file named fileName.csv/.xlsx. */
    public Response answer(Object json, String fileName, Supplier<List<SpreadsheetWriter.Table>> tables) {
        return this == JSON ? Response.ok(json, MediaType.APPLICATION_JSON).build() : file(fileName, tables.get());
    }

    /** A downloadable file: CSV holds the first table only, .xlsx one sheet per table. */
    public Response file(String fileName, List<SpreadsheetWriter.Table> tables) {
        byte[] body = switch (this) {
            case CSV -> SpreadsheetWriter.csv(tables.get(0));
            case XLSX -> SpreadsheetWriter.xlsx(tables);
            case JSON, HTML -> throw new IllegalStateException(this + " is rendered by the endpoint itself");
        };
        return attachment(body, fileName);
    }

    /**
     * The body as a download named fileName plus this format's extension. The plain filename keeps ASCII only
     * for old clients; filename* carries the Chinese name (RFC 6266).
     */
    public Response attachment(byte[] body, String fileName) {
        String name = fileName + "." + extension;
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(body, mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .build();
    }
}
