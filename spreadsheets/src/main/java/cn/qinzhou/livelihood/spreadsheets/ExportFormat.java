package cn.qinzhou.livelihood.spreadsheets;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How a read endpoint answers: JSON (the default), CSV or .xlsx, chosen by the {@code format} query
 * parameter when given, else by the Accept header. Files are sent as attachments with a file name.
 */
public enum ExportFormat {
    JSON(MediaType.APPLICATION_JSON, "json"),
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX(SpreadsheetReader.XLSX, "xlsx");

    /** For {@code @Produces}: every type an exporting endpoint can answer with. */
    public static final String[] MEDIA_TYPES = {MediaType.APPLICATION_JSON, "text/csv", SpreadsheetReader.XLSX};

    public final String mediaType;
    public final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** @param accept the caller's acceptable types, most preferred first (HttpHeaders.getAcceptableMediaTypes) */
    public static ExportFormat choose(String format, List<MediaType> accept, ExportFormat... allowed) {
        List<ExportFormat> permitted = List.of(allowed.length == 0 ? values() : allowed);
        if (format != null && !format.isBlank()) {
            for (ExportFormat f : permitted) {
                if (f.extension.equals(format.strip().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw ProblemException.invalid("format", "must be one of " + String.join(", ",
                    permitted.stream().map(f -> f.extension).toList()));
        }
        for (MediaType type : accept == null ? List.<MediaType>of() : accept) {
            for (ExportFormat f : permitted) {
                if (f != JSON && type.isCompatible(MediaType.valueOf(f.mediaType)) && !type.isWildcardType()
                        && !type.isWildcardSubtype()) {
                    return f;
                }
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return JSON;
            }
        }
        return JSON;
    }

    /** The JSON as it is, or the tables (made only when needed) as a downloadable file named fileName.csv/.xlsx. */
    public Response answer(Object json, String fileName, java.util.function.Supplier<List<SpreadsheetWriter.Table>> tables) {
        return this == JSON ? Response.ok(json, MediaType.APPLICATION_JSON).build() : file(fileName, tables.get());
    }

    /** A downloadable file: CSV holds the first table only, .xlsx one sheet per table. */
    public Response file(String fileName, List<SpreadsheetWriter.Table> tables) {
        byte[] body = switch (this) {
            case CSV -> SpreadsheetWriter.csv(tables.get(0));
            case XLSX -> SpreadsheetWriter.xlsx(tables);
            case JSON -> throw new IllegalStateException("JSON is answered by the endpoint itself");
        };
        return attachment(body, mediaType, fileName + "." + extension);
    }

    public static Response attachment(byte[] body, String mediaType, String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(body, mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"))
                .build();
    }
}
