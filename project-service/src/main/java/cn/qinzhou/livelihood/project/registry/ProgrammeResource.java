package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingGrouping;
import cn.qinzhou.livelihood.project.funding.FundingTotals;
import cn.qinzhou.livelihood.project.funding.FundingTotalsService;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Path("/programmes")
@Tag(name = "Programmes", description = "The ten programmes (十大惠民工程) with the document's figures")
public class ProgrammeResource {

    /** A programme with its document figures and what its registered projects add up to. */
    public record ProgrammeView(int id, String name, String nameEn, BigDecimal documentAnnualPlan,
                                CategoryFigure regionAligned, CategoryFigure citySelected,
                                long projectCount, BigDecimal registeredPlan, BigDecimal unallocated) {
    }

    public record CategoryFigure(int documentProjectCount, BigDecimal documentAnnualPlan) {
    }

    private final FundingTotalsService totals;
    private final int planYear;

    public ProgrammeResource(FundingTotalsService totals,
                             @ConfigProperty(name = "livelihood.plan.year", defaultValue = "2024") int planYear) {
        this.totals = totals;
        this.planYear = planYear;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    public List<ProgrammeView> list() {
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
