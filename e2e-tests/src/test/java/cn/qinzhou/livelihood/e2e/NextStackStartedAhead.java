package cn.qinzhou.livelihood.e2e;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.List;
import java.util.Optional;

/**
 * Once a class with a {@link StackStartsAt stack of its own} runs its first test, starts the next such class's stack in
 * the background, so its start (broker, databases, three JVMs: 15-30 s outside any test on a loaded machine) overlaps
 * tests that mostly wait on a browser and Keycloak. The next class takes it ready ({@link EndToEndStacks#started}).
 * Classes in the plan's order ({@code @Order}, then the rest). Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class NextStackStartedAhead implements TestExecutionListener {

    private List<Class<?>> stackClasses = List.of();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        stackClasses = plan.getRoots().stream()
                .flatMap(root -> plan.getChildren(root).stream())
                .map(TestIdentifier::getSource)
                .flatMap(Optional::stream)
                .filter(ClassSource.class::isInstance)
                .<Class<?>>map(source -> ((ClassSource) source).getJavaClass())
                .filter(testClass -> testClass.isAnnotationPresent(StackStartsAt.class))
                .toList();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.getSource().orElse(null) instanceof MethodSource method) {
            int position = stackClasses.indexOf(method.getJavaClass());
            if (position >= 0 && position + 1 < stackClasses.size()) {
                EndToEndStacks.startAhead(stackClasses.get(position + 1));
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        EndToEndStacks.closeStacksNeverTaken();
    }
}
