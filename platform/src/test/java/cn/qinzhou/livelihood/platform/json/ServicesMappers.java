package cn.qinzhou.livelihood.platform.json;

import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The services' mapper as Quarkus and the platform configure it, for tests that compare what it writes. */
public final class ServicesMappers {

    private ServicesMappers() {
    }

    /** Dates as ISO text (Quarkus' defaults), then the platform's strictness and generated accessors. */
    public static ObjectMapper asConfigured() {
        ObjectMapper mapper = withReflectiveAccessors();
        new GeneratedAccessors().customize(mapper);
        return mapper;
    }

    /** The same without the generated accessors: Jackson's reflection, the reference the accessors must match. */
    public static ObjectMapper withReflectiveAccessors() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        new JsonStrictness().customize(mapper);
        return mapper;
    }

    /** A correction with every field and a first report with the optional ones missing, Chinese text and decimals. */
    public static List<ReportEvent> reportEvents(Instant at) {
        return List.of(
                new ReportEvent(UUID.randomUUID(), "P0402", "qz-jyj", 3, "2024-08", 2, at, at, at, "ON_TIME",
                        new BigDecimal("40.50"), new BigDecimal("500000.00"), new BigDecimal("1000000"),
                        "金额更正", "张三"),
                new ReportEvent(UUID.randomUUID(), "P0001", null, null, "2024-12", 1, at, at, at, "LATE",
                        new BigDecimal("0.00"), new BigDecimal("0"), null, null, "李四"));
    }
}
