package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingGrouping;
import cn.qinzhou.livelihood.project.funding.FundingTotals;
import cn.qinzhou.livelihood.project.funding.FundingTotalsService;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.project.planyear.PlanYears;
import cn.qinzhou.livelihood.project.planyear.Programme;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Path("/programmes")
@Tag(name = "Programmes", description = "A plan year's programmes (惠民工程) with the document's figures")
public class ProgrammeResource {

    /** A programme with its document figures and what its registered projects add up to. */
    public record ProgrammeView(int id, String name, String nameEn, BigDecimal documentAnnualPlan,
                                CategoryFigure regionAligned, CategoryFigure citySelected,
                                long projectCount, BigDecimal registeredPlan, BigDecimal unallocated) {
    }

    public record CategoryFigure(int documentProjectCount, BigDecimal documentAnnualPlan) {
    }

    private final FundingTotalsService totals;
    private final PlanYears planYears;

    public ProgrammeResource(FundingTotalsService totals, PlanYears planYears) {
        this.totals = totals;
        this.planYears = planYears;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    @Operation(summary = "A plan year's programmes (year=, the current plan year by default) with the document's "
            + "figures and what the registered projects add up to")
    public List<ProgrammeView> list(@QueryParam("year") Integer year) {
        int planYear = planYears.resolve(year);
        Map<String, FundingTotals.Group> sums = totals.totals(planYear, FundingGrouping.PROGRAMME).groups().stream()
                .collect(Collectors.toMap(FundingTotals.Group::key, Function.identity()));
        return Programme.<Programme>list("year = ?1 order by id", planYear).stream().map(p -> {
            FundingTotals.Group sum = sums.get(String.valueOf(p.id));
            return new ProgrammeView(p.id, p.name, p.nameEn, p.documentAnnualPlan,
                    new CategoryFigure(p.documentRegionAlignedCount, p.documentRegionAlignedPlan),
                    new CategoryFigure(p.documentCitySelectedCount, p.documentCitySelectedPlan),
                    sum.projectCount(), sum.registeredPlan(), sum.unallocated());
        }).toList();
    }
}
