package cn.qinzhou.livelihood.notification;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Packages by feature without cycles, and resources as the outermost layer: nothing calls a resource. */
class ArchitectureTest {

    private static JavaClasses service;

    @BeforeAll
    static void importMainClasses() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.qinzhou.livelihood.notification");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("cn.qinzhou.livelihood.notification.(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void resourcesAreCalledByNothingElse() {
        classes().that().areAnnotatedWith(Path.class).should().onlyHaveDependentClassesThat(resourceOrNestedInOne())
                .check(service);
    }

    private static DescribedPredicate<JavaClass> resourceOrNestedInOne() {
        return DescribedPredicate.describe("are the resource or nested in a resource",
                type -> type.isAnnotatedWith(Path.class)
                        || type.getEnclosingClass().map(outer -> outer.isAnnotatedWith(Path.class)).orElse(false));
    }
}
