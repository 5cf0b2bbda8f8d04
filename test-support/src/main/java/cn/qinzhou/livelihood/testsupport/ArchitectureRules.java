package cn.qinzhou.livelihood.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules every service keeps, checked on its main classes: feature packages depend on each other
 * one way only, and resources are the outermost layer, so nothing but a resource (or a record nested in one,
 * its own request or answer shape) refers to a resource. A service's {@code ArchitectureTest} extends this
 * class, naming its root package; the tests are inherited.
 */
public abstract class ArchitectureRules {

    private static final String PATH = "jakarta.ws.rs.Path";

    private final String basePackage;
    private final JavaClasses mainClasses;

    /** @param basePackage the service's root package, e.g. {@code cn.qinzhou.livelihood.project} */
    protected ArchitectureRules(String basePackage) {
        this.basePackage = basePackage;
        this.mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    @Test
    public void featurePackagesAreFreeOfCycles() {
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().check(mainClasses);
    }

    @Test
    public void onlyResourcesReferToResources() {
        classes().that().areAnnotatedWith(PATH).should().onlyHaveDependentClassesThat(RESOURCE_OR_NESTED_IN_ONE)
                .check(mainClasses);
    }

    private static final DescribedPredicate<JavaClass> RESOURCE_OR_NESTED_IN_ONE = DescribedPredicate.describe(
            "are a resource or nested in one",
            type -> type.isAnnotatedWith(PATH)
                    || type.getEnclosingClass().map(outer -> outer.isAnnotatedWith(PATH)).orElse(false));
}
