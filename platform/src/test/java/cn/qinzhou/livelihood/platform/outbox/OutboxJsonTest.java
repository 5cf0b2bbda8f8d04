package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.platform.json.JsonStrictness;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-pass envelope text (Outbox.row) is byte for byte the text append() writes through a JSON tree. */
class OutboxJsonTest {

    /** Configured as Quarkus configures the services' mapper: dates as ISO text, then the platform's strictness. */
    private static ObjectMapper servicesMapper() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        new JsonStrictness().customize(mapper);
        return mapper;
    }

    @Test
    void sameBytesAsThroughATree() throws Exception {
        ObjectMapper mapper = servicesMapper();
        ObjectMapper singlePass = Outbox.singlePassWriter(mapper);
        Instant at = Instant.parse("2024-09-02T02:00:00.123456789Z");
        List<Object> payloads = List.of(
                new ReportEvent(UUID.randomUUID(), "P0402", "qz-jyj", 3, "2024-08", 2, at, at, at, "ON_TIME",
                        new BigDecimal("40.50"), new BigDecimal("500000.00"), new BigDecimal("1000000"),
                        "金额更正", "张三"),
                new ReportEvent(UUID.randomUUID(), "P0001", null, null, "2024-12", 1, at, at, at, "LATE",
                        new BigDecimal("0.00"), new BigDecimal("0"), null, null, "李四"),
                Map.of("amounts", List.of(new BigDecimal("1E+3"), new BigDecimal("12345678901234.10"),
                        new BigDecimal("-0.50")), "note", "x"));
        for (Object payload : payloads) {
            UUID id = UUID.randomUUID();
            String throughTree = mapper.writeValueAsString(
                    new EventEnvelope(id, "ReportCorrected", 1, at, "P0402", mapper.valueToTree(payload)));
            assertThat(Outbox.envelopeText(singlePass, id, "ReportCorrected", 1, at, "P0402", payload))
                    .isEqualTo(throughTree);
        }
    }
}
