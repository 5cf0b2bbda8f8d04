package cn.qinzhou.livelihood.platform.time;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;

/**
 * Lets the demo and the end-to-end test move a running service's clock across a reporting deadline.
 * Off unless {@code livelihood.clock.adjustable=true}: then it answers 404 as if it did not exist.
 */
@Path("/admin/clock")
@RolesAllowed(Roles.OPERATOR)
public class ClockResource {

    public record ClockView(Instant now, boolean moved) {
    }

    public record MoveClockRequest(@NotNull Instant to) {
    }

    private final MovableClock clock;
    private final boolean adjustable;

    public ClockResource(MovableClock clock,
                         @ConfigProperty(name = "livelihood.clock.adjustable", defaultValue = "false") boolean adjustable) {
        this.clock = clock;
        this.adjustable = adjustable;
    }

    @GET
    public ClockView get() {
        requireAdjustable();
        return new ClockView(clock.instant(), clock.isMoved());
    }

    @PUT
    /** Stops the clock at the given instant (ISO-8601, e.g. 2024-10-06T00:00:00+08:00). */
    public ClockView move(@NotNull @jakarta.validation.Valid MoveClockRequest request) {
        requireAdjustable();
        clock.moveTo(request.to());
        return new ClockView(clock.instant(), true);
    }

    /** Back to the system clock. */
    @jakarta.ws.rs.DELETE
    public ClockView reset() {
        requireAdjustable();
        clock.followSystemClock();
        return new ClockView(clock.instant(), false);
    }

    private void requireAdjustable() {
        if (!adjustable) {
            throw ProblemException.notFound("resource", "/admin/clock");
        }
    }
}
