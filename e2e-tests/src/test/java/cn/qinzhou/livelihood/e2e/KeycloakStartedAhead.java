package cn.qinzhou.livelihood.e2e;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the run's Keycloak in the background as the test plan begins, when the plan holds a class that signs people
 * in. The fault suite, which verifies test-minted tokens, runs first ({@code @Order(1)}), and Keycloak's minute of
 * start-up overlaps it instead of being waited for by the first class that needs it. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class KeycloakStartedAhead implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean signsPeopleIn = plan.getRoots().stream()
                .flatMap(root -> plan.getChildren(root).stream())
                .map(TestIdentifier::getSource)
                .flatMap(java.util.Optional::stream)
                .anyMatch(source -> source instanceof ClassSource testClass
                        && testClass.getClassName().startsWith(KeycloakStartedAhead.class.getPackageName() + ".")
                        && !testClass.getClassName().equals(FaultToleranceEndToEndTest.class.getName()));
        if (signsPeopleIn) {
            EndToEndStacks.startKeycloakInBackground();
        }
    }
}
