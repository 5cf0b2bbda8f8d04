package cn.qinzhou.livelihood.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An end-to-end class's stack: where every service's clock starts (ISO-8601 with offset), people signing in at the
 * run's Keycloak. Declared on the class rather than in its set-up, so the stack can be started while the class before
 * it runs its tests ({@link NextStackStartedAhead}); the class takes it with {@link EndToEndStacks#started}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface StackStartsAt {
    String value();
}
