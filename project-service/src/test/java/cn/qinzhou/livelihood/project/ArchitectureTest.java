package cn.qinzhou.livelihood.project;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Each feature package leans on others one way only, and only resources call resources. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.qinzhou.livelihood.project");

    /** A resource, or a record nested in one (its own request or answer shape). */
    private static final DescribedPredicate<JavaClass> RESOURCE = DescribedPredicate.describe("resources",
            c -> c.getSimpleName().endsWith("Resource")
                    || c.getEnclosingClass().map(e -> e.getSimpleName().endsWith("Resource")).orElse(false));

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("cn.qinzhou.livelihood.project.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyResourcesCallResources() {
        noClasses().that(DescribedPredicate.not(RESOURCE)).should().dependOnClassesThat(RESOURCE).check(MAIN);
    }
}
