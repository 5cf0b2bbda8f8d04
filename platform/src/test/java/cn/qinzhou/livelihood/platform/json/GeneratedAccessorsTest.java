package cn.qinzhou.livelihood.platform.json;

import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated accessors change how Jackson reaches a property, never what a client or a consumer reads. */
class GeneratedAccessorsTest {

    record Amounts(BigDecimal central, BigDecimal regional) {
    }

    record Request(BigDecimal progressPercent, Amounts completed, Long beneficiaries, List<String> difficulties,
                   String narrative, int version, boolean urgent) {
    }

    @Test
    void writesTheSameTextAsReflection() throws Exception {
        Instant at = Instant.parse("2024-09-02T02:00:00.123456789Z");
        List<Object> values = new ArrayList<>(ServicesMappers.reportEvents(at));
        values.add(new Request(new BigDecimal("12.30"), new Amounts(new BigDecimal("1E+3"), null), 0L,
                List.of("资金未到位", "雨季"), "进度正常", 7, true));
        for (Object value : values) {
            assertThat(ServicesMappers.asConfigured().writeValueAsString(value))
                    .isEqualTo(ServicesMappers.withReflectiveAccessors().writeValueAsString(value));
        }
    }

    @Test
    void recordComponentsAreReachedThroughGeneratedAccessors() throws Exception {
        ObjectMapper mapper = ServicesMappers.asConfigured();
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
        Request read = ServicesMappers.asConfigured().readValue(json, Request.class);
        assertThat(read).isEqualTo(ServicesMappers.withReflectiveAccessors().readValue(json, Request.class));
        assertThat(read.completed().regional()).isEqualByComparingTo("0.50");
        assertThat(read.difficulties()).containsExactly("资金未到位");
    }

    @Test
    void stillRefusesUnknownFieldsAndWrongTypes() {
        ObjectMapper mapper = ServicesMappers.asConfigured();
        assertThatThrownBy(() -> mapper.readValue("{\"status\": \"APPROVED\", \"version\": 1, \"urgent\": false}", Request.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"progressPercent\": \"40\", \"version\": 1, \"urgent\": false}", Request.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"version\": null, \"urgent\": false}", Request.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
