package cn.qinzhou.livelihood.contracts;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A component added to a record but not to its schema (or the other way round) fails the build: the schema's object
 * that describes each record lists exactly the record's components as its properties.
 */
class SchemaCoversRecordTest {

    /** Each record of the module and the object schema that describes it: a schema resource and a JSON pointer. */
    private static Map<Class<?>, String> describedBy() {
        Map<Class<?>, String> described = new LinkedHashMap<>();
        described.put(EventEnvelope.class, "schemas/envelope.schema.json#");
        described.put(ProjectSnapshot.class, "schemas/livelihood.project.events/ProjectSnapshot.schema.json#");
        described.put(ProjectSnapshot.Plan.class, "schemas/livelihood.project.events/ProjectSnapshot.schema.json#/$defs/plan");
        for (Class<?> event : ProjectEvent.class.getPermittedSubclasses()) {
            described.put(event, EventSchemaFiles.resourceOf(Topics.PROJECT_EVENTS, event.getSimpleName()) + "#/properties/payload");
        }
        described.put(PlanYearSnapshot.class, "schemas/livelihood.plan-year.events/PlanYearSnapshot.schema.json#");
        for (Class<?> event : PlanYearEvent.class.getPermittedSubclasses()) {
            described.put(event, EventSchemaFiles.resourceOf(Topics.PLAN_YEAR_EVENTS, event.getSimpleName()) + "#/properties/payload");
        }
        for (Class<?> event : WorkingCalendarEvent.class.getPermittedSubclasses()) {
            described.put(event, EventSchemaFiles.resourceOf(Topics.WORKING_CALENDAR_EVENTS, event.getSimpleName()) + "#/properties/payload");
        }
        described.put(SpecialDay.class, EventSchemaFiles.resourceOf(Topics.WORKING_CALENDAR_EVENTS, "WorkingDaysChanged") + "#/$defs/specialDay");
        described.put(ReportEvent.class, "schemas/livelihood.progress.events/ReportEvent.schema.json#");
        described.put(AlertEvent.class, "schemas/livelihood.alert.events/AlertEvent.schema.json#");
        described.put(AlertEvent.Answer.class, "schemas/livelihood.alert.events/AlertEvent.schema.json#/$defs/answer");
        return described;
    }

    @TestFactory
    Stream<DynamicTest> everyRecordComponentIsAPropertyOfItsSchemaAndEveryPropertyAComponent() {
        return describedBy().entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey().getName(), () -> {
            String[] location = entry.getValue().split("#", 2);
            JsonNode schema = ContractSchemas.resource(location[0]).at(location[1]);
            Set<String> properties = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            Set<String> components = new TreeSet<>(Arrays.stream(entry.getKey().getRecordComponents())
                    .map(component -> component.getName()).toList());

            assertThat(properties).as("properties of %s", entry.getValue()).isEqualTo(components);
            // Jackson writes every component, null or not: each is always there.
            assertThat(required).as("required of %s", entry.getValue()).isEqualTo(components);
            assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                    .as("%s refuses fields it does not list", entry.getValue()).isTrue();
        }));
    }

    @Test
    void everyRecordOfTheModuleIsDescribedByASchema() throws IOException, URISyntaxException {
        Path classes = Path.of(EventEnvelope.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> records;
        try (Stream<Path> files = Files.walk(classes)) {
            records = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(SchemaCoversRecordTest::load)
                    .filter(Class::isRecord)
                    .<Class<?>>map(type -> type)
                    .toList();
        }

        assertThat(describedBy().keySet()).containsExactlyInAnyOrderElementsOf(records);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SchemaCoversRecordTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
