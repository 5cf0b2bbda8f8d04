package cn.qinzhou.livelihood.contracts;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemaTest {

    static List<SampleEvents.Sample> everyEventType() {
        return SampleEvents.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void anEventAsItsProducerWritesItIsValidAgainstItsSchema(SampleEvents.Sample sample) throws Exception {
        JsonNode published = published(sample);

        assertThat(ContractSchemas.violations(sample.topic(), sample.type(), published)).isEmpty();
    }

    @Test
    void everyEventTypeOfTheRecordsHasASample() {
        Stream<String> projectTypes = Arrays.stream(ProjectEvent.class.getPermittedSubclasses()).map(Class::getSimpleName);
        Stream<String> reportTypes = Stream.of(ReportEvent.SUBMITTED, ReportEvent.CORRECTED);
        Stream<String> alertTypes = Arrays.stream(AlertEvent.Type.values()).map(Enum::name);
        Stream<String> planYearTypes = Arrays.stream(PlanYearEvent.class.getPermittedSubclasses()).map(Class::getSimpleName);
        Stream<String> calendarTypes = Arrays.stream(WorkingCalendarEvent.class.getPermittedSubclasses()).map(Class::getSimpleName);

        assertThat(everyEventType()).extracting(SampleEvents.Sample::type)
                .containsExactlyInAnyOrderElementsOf(Stream.of(projectTypes, reportTypes, alertTypes, planYearTypes,
                        calendarTypes).flatMap(s -> s).toList());
    }

    @Test
    void aPayloadFieldTheSchemaDoesNotListIsRefused() throws Exception {
        assertThat(violationsOfRegisteredWhen(envelope -> ((ObjectNode) envelope.get("payload")).put("budgetCode", "X-1")))
                .anySatisfy(violation -> assertThat(violation).contains("budgetCode"));
    }

    @Test
    void moneyWrittenAsTextOrWithMoreThanTwoDecimalsIsRefused() throws Exception {
        assertThat(violationsOfRegisteredWhen(envelope -> ((ObjectNode) envelope.at("/payload/project"))
                .put("totalInvestment", "1000000.00")))
                .anySatisfy(violation -> assertThat(violation).contains("totalInvestment"));
        assertThat(violationsOfRegisteredWhen(envelope -> ((ObjectNode) envelope.at("/payload/project/plan"))
                .put("central", 300000.001)))
                .anySatisfy(violation -> assertThat(violation).contains("central"));
    }

    @Test
    void anInstantThatIsNotADateTimeIsRefused() throws Exception {
        assertThat(violationsOfRegisteredWhen(envelope -> ((ObjectNode) envelope).put("occurredAt", 1727921700123L)))
                .isNotEmpty();
        assertThat(violationsOfRegisteredWhen(envelope -> ((ObjectNode) envelope).put("occurredAt", "yesterday")))
                .isNotEmpty();
    }

    @Test
    void anEnvelopeIsRefusedByTheSchemaOfAnotherType() throws Exception {
        SampleEvents.Sample registered = everyEventType().get(0);

        assertThat(ContractSchemas.violations(registered.topic(), "LeadUnitAssigned", published(registered))).isNotEmpty();
    }

    @Test
    void aCorrectionWithoutItsReasonIsRefused() throws Exception {
        SampleEvents.Sample correction = everyEventType().stream()
                .filter(sample -> sample.type().equals(ReportEvent.CORRECTED)).findFirst().orElseThrow();
        JsonNode published = published(correction);
        ((ObjectNode) published.get("payload")).putNull("correctionReason");

        assertThat(ContractSchemas.violations(correction.topic(), correction.type(), published))
                .anySatisfy(violation -> assertThat(violation).contains("correctionReason"));
    }

    @Test
    void aFirstReportLowerThanAnEarlierMonthCarriesItsReason() throws Exception {
        SampleEvents.Sample submitted = everyEventType().stream()
                .filter(sample -> sample.type().equals(ReportEvent.SUBMITTED)).findFirst().orElseThrow();
        JsonNode published = published(submitted);
        ((ObjectNode) published.get("payload")).put("correctionReason", "9月误报，含未验收工程量");

        assertThat(ContractSchemas.violations(submitted.topic(), submitted.type(), published)).isEmpty();
    }

    /** What the ProjectRegistered schema finds wrong in a valid ProjectRegistered once edited. */
    private static List<String> violationsOfRegisteredWhen(Consumer<JsonNode> edit) throws Exception {
        SampleEvents.Sample registered = everyEventType().get(0);
        JsonNode published = published(registered);
        edit.accept(published);
        return ContractSchemas.violations(registered.topic(), registered.type(), published);
    }

    /** Written by the services' mapper and read back as a consumer reads the record's value. */
    private static JsonNode published(SampleEvents.Sample sample) throws Exception {
        String value = ContractSchemas.SERVICES_MAPPER.writeValueAsString(sample.envelope());
        return ContractSchemas.CONSUMER_MAPPER.readTree(value);
    }
}
