package cn.qinzhou.livelihood.project.calendar;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/working-days")
@Tag(name = "Working days", description = "The working-day calendar: statutory holidays and weekend days worked (调休)")
public class WorkingDayResource {

    private final WorkingCalendar calendar;
    private final Caller caller;

    public WorkingDayResource(WorkingCalendar calendar, Caller caller) {
        this.calendar = calendar;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.OPERATOR, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    @Operation(summary = "The special days of a calendar year, by date; days not listed follow the week")
    public List<WorkingDayView> list(@QueryParam("year") @NotNull @Min(2000) @Max(2100) Integer year) {
        return calendar.year(year);
    }

    @PUT
    @Path("/{date}")
    @RolesAllowed({Roles.PLANNER, Roles.OPERATOR})
    @Operation(summary = "Set a date as a HOLIDAY or a WORKDAY (a Saturday or Sunday worked); announced with its year's days")
    public RestResponse<WorkingDayView> put(@PathParam("date") String date, @NotNull @Valid WorkingDayRequest request) {
        WorkingCalendar.Saved saved = calendar.put(parse(date), request, caller.actor());
        return saved.created()
                ? RestResponse.ResponseBuilder.<WorkingDayView>created(URI.create("/working-days/" + saved.day().date()))
                        .entity(saved.day()).build()
                : RestResponse.ok(saved.day());
    }

    @DELETE
    @Path("/{date}")
    @RolesAllowed({Roles.PLANNER, Roles.OPERATOR})
    @Operation(summary = "Take a date out of the calendar: it follows its week again")
    public RestResponse<Void> delete(@PathParam("date") String date) {
        calendar.delete(parse(date));
        return RestResponse.noContent();
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", "text/plain"})
    @RolesAllowed({Roles.PLANNER, Roles.OPERATOR})
    @Operation(summary = "Import a holiday file (# comments, header date,kind,name): all lines or none, each bad line "
            + "named as lines[<line>].<column>; days already as the file says are left alone")
    public WorkingCalendar.ImportResult importFile(byte[] body) {
        return calendar.importFile(body, caller.actor());
    }

    private static LocalDate parse(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.rule("date", "project.date.format");
        }
    }
}
