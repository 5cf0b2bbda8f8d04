package cn.qinzhou.livelihood.platform.json;

import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated accessors change how Jackson reaches a property, never what a client or a consumer reads. */
class GeneratedAccessorsTest {

    record Amounts(BigDecimal central, BigDecimal regional) {
    }

    record Request(BigDecimal progressPercent, Amounts completed, Long beneficiaries, List<String> difficulties,
                   String narrative, int version, boolean urgent) {
    }

    /** Configured as Quarkus configures the services' mapper, with the platform's strictness, with or without them. */
    private static ObjectMapper servicesMapper(boolean generatedAccessors) {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        new JsonStrictness().customize(mapper);
        if (generatedAccessors) {
            new GeneratedAccessors().customize(mapper);
        }
        return mapper;
    }

    @Test
    void writesTheSameTextAsReflection() throws Exception {
        Instant at = Instant.parse("2024-09-02T02:00:00.123456789Z");
        List<Object> values = List.of(
                new ReportEvent(UUID.randomUUID(), "P0402", "qz-jyj", 3, "2024-08", 2, at, at, at, "ON_TIME",
                        new BigDecimal("40.50"), new BigDecimal("500000.00"), new BigDecimal("1000000"),
                        "金额更正", "张三"),
                new ReportEvent(UUID.randomUUID(), "P0001", null, null, "2024-12", 1, at, at, at, "LATE",
                        new BigDecimal("0.00"), new BigDecimal("0"), null, null, "李四"),
                new Request(new BigDecimal("12.30"), new Amounts(new BigDecimal("1E+3"), null), 0L,
                        List.of("资金未到位", "雨季"), "进度正常", 7, true));
        for (Object value : values) {
            assertThat(servicesMapper(true).writeValueAsString(value))
                    .isEqualTo(servicesMapper(false).writeValueAsString(value));
        }
    }

    @Test
    void recordComponentsAreReachedThroughGeneratedAccessors() throws Exception {
        ObjectMapper mapper = servicesMapper(true);
        BeanSerializerBase serializer = (BeanSerializerBase) mapper.getSerializerProviderInstance()
                .findValueSerializer(ReportEvent.class);
        List<String> writers = new ArrayList<>();
        serializer.properties().forEachRemaining(p -> writers.add(p.getClass().getName()));
        assertThat(writers).isNotEmpty().noneMatch(w -> w.equals(BeanPropertyWriter.class.getName()));
    }

    @Test
    void readsTheSameRecordsAsReflection() throws Exception {
        String json = """
                {"progressPercent": 12.30, "completed": {"central": 1000, "regional": 0.50}, "beneficiaries": 120,
                 "difficulties": ["资金未到位"], "narrative": "进度正常", "version": 2, "urgent": false}""";
        Request read = servicesMapper(true).readValue(json, Request.class);
        assertThat(read).isEqualTo(servicesMapper(false).readValue(json, Request.class));
        assertThat(read.completed().regional()).isEqualByComparingTo("0.50");
        assertThat(read.difficulties()).containsExactly("资金未到位");
    }

    @Test
    void stillRefusesUnknownFieldsAndWrongTypes() {
        ObjectMapper mapper = servicesMapper(true);
        assertThatThrownBy(() -> mapper.readValue("{\"status\": \"APPROVED\", \"version\": 1, \"urgent\": false}", Request.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"progressPercent\": \"40\", \"version\": 1, \"urgent\": false}", Request.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"version\": null, \"urgent\": false}", Request.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
