package cn.qinzhou.livelihood.platform.plancalendar;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the plan years have been read once: before that, every period would be refused. */
@Readiness
@ApplicationScoped
public class PlanCalendarReadiness implements HealthCheck {

    private final PlanCalendarView view;

    public PlanCalendarReadiness(PlanCalendarView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Plan calendars");
        if (!view.enabled()) {
            return response.up().withData("following", false).build();
        }
        response.status(view.readToEnd());
        if (view.readToEnd()) {
            response.withData("planYears", view.current().describe());
        }
        if (view.failure() != null) {
            response.withData("lastError", view.failure());
        }
        return response.build();
    }
}
