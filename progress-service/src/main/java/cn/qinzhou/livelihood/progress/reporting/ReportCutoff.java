package cn.qinzhou.livelihood.progress.reporting;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The cut-off a read counts report versions up to, as a query binds it. */
public final class ReportCutoff {

    /** Later than anything stored, within PostgreSQL's timestamp range: "every version". */
    private static final Instant EVERYTHING = Instant.parse("9999-12-31T23:59:59Z");

    /** @param asOf count only versions received up to this instant; null for all of them */
    public static OffsetDateTime receivedBy(Instant asOf) {
        return OffsetDateTime.ofInstant(asOf == null ? EVERYTHING : asOf, ZoneOffset.UTC);
    }

    private ReportCutoff() {
    }
}
