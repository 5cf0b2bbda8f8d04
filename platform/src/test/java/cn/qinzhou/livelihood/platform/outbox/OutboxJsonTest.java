package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.platform.json.ServicesMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The single-pass envelope text (Outbox.row) is byte for byte the text append() writes through a JSON tree. */
class OutboxJsonTest {

    @Test
    void sameBytesAsThroughATree() throws Exception {
        ObjectMapper mapper = ServicesMappers.asConfigured();
        ObjectMapper singlePass = Outbox.singlePassWriter(mapper);
        Instant at = Instant.parse("2024-09-02T02:00:00.123456789Z");
        List<Object> payloads = new ArrayList<>(ServicesMappers.reportEvents(at));
        payloads.add(Map.of("amounts", List.of(new BigDecimal("1E+3"), new BigDecimal("12345678901234.10"),
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
