package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan years (计划年度) the planning office has registered: which exist, which one a request without
 * {@code year} means, and their registration and reporting windows. Every change and its event commit in one
 * transaction.
 */
@ApplicationScoped
public class PlanYears {

    private final PlanYearEvents events;
    private final MovableClock clock;
    private final EntityManager em;
    private final RegistryRevision registry;

    public PlanYears(PlanYearEvents events, MovableClock clock, EntityManager em, RegistryRevision registry) {
        this.events = events;
        this.clock = clock;
        this.em = em;
        this.registry = registry;
    }

    /**
     * The year a request names, or the current one when it names none.
     *
     * @throws ProblemException 400 naming the registered years when {@code requested} is not one of them
     */
    @Transactional(Transactional.TxType.SUPPORTS) // a read: in the caller's transaction if any, else none to begin and commit
    public int resolve(Integer requested) {
        return resolve(requested, registry.atCurrent(YearStart.class, this::yearStarts));
    }

    /** As {@link #resolve(Integer)}, for a caller that read the registry's revision already. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int resolve(Integer requested, long revision) {
        return resolve(requested, registry.at(revision, YearStart.class, this::yearStarts));
    }

    private int resolve(Integer requested, List<YearStart> years) {
        if (requested == null) {
            return current(years);
        }
        if (years.stream().noneMatch(y -> y.year() == requested)) {
            throw ProblemException.rule("year", "project.year.unregistered",
                    years.stream().map(y -> String.valueOf(y.year())).collect(Collectors.joining(", ")));
        }
        return requested;
    }

    private record YearStart(int year, YearMonth firstPeriod) {
    }

    /** Two columns, not entities: nothing for the session to track on what most reads ask first. */
    private List<YearStart> yearStarts() {
        return em.createQuery("select y.year, y.firstPeriod from PlanYear y order by y.year", Object[].class)
                .getResultList().stream().map(row -> new YearStart((Integer) row[0], YearMonth.parse((String) row[1]))).toList();
    }

    /** The rule for a field naming a plan year, with the years there are. */
    @Transactional
    public String mustBeRegistered() {
        return mustBeRegistered(PlanYear.listAll(Sort.by("year")));
    }

    /**
     * The latest year whose first reporting month has begun by the service's clock, so that clients asking for
     * nothing in particular move on to a new year when its reporting starts; before any has, the earliest.
     */
    private int current(List<YearStart> years) {
        YearMonth now = YearMonth.now(clock);
        return years.stream().filter(y -> !y.firstPeriod().isAfter(now))
                .reduce((earlier, later) -> later).orElse(years.get(0)).year();
    }

    private static String mustBeRegistered(List<PlanYear> years) {
        return "must be a registered plan year: " + years.stream().map(y -> String.valueOf(y.year))
                .collect(Collectors.joining(", ")) + " (GET /plan-years)";
    }

    @Transactional
    public List<PlanYearView> list() {
        return PlanYear.<PlanYear>listAll(Sort.by("year")).stream().map(this::view).toList();
    }

    @Transactional
    public PlanYearView get(int year) {
        return view(find(year));
    }

    @Transactional
    public PlanYearView register(RegisterPlanYearRequest request) {
        if (PlanYear.findById(request.year()) != null) {
            throw ProblemException.conflictOf("project.plan-year.exists", request.year());
        }
        ReportingWindow window = request.reporting().window();
        List<Problem.Violation> violations = new ArrayList<>(checkWindow(window, null));
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < request.programmes().size(); i++) {
            Integer first = names.putIfAbsent(request.programmes().get(i).name().strip(), i);
            if (first != null) {
                violations.add(Problem.Violation.of("programmes[" + i + "].name", "project.programme.duplicate-name", first));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        PlanYear year = new PlanYear();
        year.year = request.year();
        year.title = request.title().strip();
        year.documentReference = request.documentReference().strip();
        year.documentTotalInvestment = request.totalInvestment();
        year.documentAnnualPlan = request.annualPlan();
        year.documentProjectCount = request.projectCount();
        year.apply(window);
        year.announced = true;
        year.persist();
        insertSourceFigure(year.year, "CENTRAL", request.split().central());
        insertSourceFigure(year.year, "REGIONAL", request.split().regional());
        insertSourceFigure(year.year, "LOCAL", request.split().local());
        for (RegisterPlanYearRequest.ProgrammeFigures figures : request.programmes()) {
            Programme programme = new Programme();
            programme.year = year.year;
            programme.name = figures.name().strip();
            programme.nameEn = figures.nameEn().strip();
            programme.documentAnnualPlan = figures.annualPlan();
            programme.documentRegionAlignedCount = figures.regionAligned().projectCount();
            programme.documentRegionAlignedPlan = figures.regionAligned().annualPlan();
            programme.documentCitySelectedCount = figures.citySelected().projectCount();
            programme.documentCitySelectedPlan = figures.citySelected().annualPlan();
            programme.persist();
        }
        events.publish(new PlanYearEvent.PlanYearRegistered(PlanYearEvents.snapshot(year)));
        return view(year);
    }

    /** A new window or deadline; the same one again changes nothing and publishes nothing. */
    @Transactional
    public PlanYearView changeReporting(int yearNumber, ReportingRequest request) {
        PlanYear year = find(yearNumber);
        ReportingWindow window = request.window();
        if (window.equals(year.window())) {
            return view(year);
        }
        List<Problem.Violation> violations = checkWindow(window, year.year);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        year.apply(window);
        events.publish(new PlanYearEvent.PlanYearChanged(PlanYearEvents.snapshot(year)));
        return view(year);
    }

    private static List<Problem.Violation> checkWindow(ReportingWindow window, Integer changedYear) {
        if (window.lastPeriod().isBefore(window.firstPeriod())) {
            return List.of(Problem.Violation.of("lastPeriod", "project.window.reversed", window.firstPeriod()));
        }
        List<Problem.Violation> violations = new ArrayList<>();
        for (PlanYear other : PlanYear.<PlanYear>listAll(Sort.by("year"))) {
            if (!other.year.equals(changedYear) && window.overlaps(other.window())) {
                violations.add(Problem.Violation.of("firstPeriod", "project.window.overlaps", window, other.year,
                        other.window()));
            }
        }
        return violations;
    }

    private PlanYear find(int year) {
        PlanYear found = PlanYear.findById(year);
        if (found == null) {
            throw ProblemException.notFound("plan year", year);
        }
        return found;
    }

    private void insertSourceFigure(int year, String source, BigDecimal amount) {
        em.createNativeQuery("insert into funding_source_figure (year, source, document_annual_plan) values (?1, ?2, ?3)")
                .setParameter(1, year).setParameter(2, source).setParameter(3, amount).executeUpdate();
    }

    private PlanYearView view(PlanYear year) {
        @SuppressWarnings("unchecked")
        Map<String, BigDecimal> split = ((List<Object[]>) em.createNativeQuery(
                        "select source, document_annual_plan from funding_source_figure where year = ?1")
                .setParameter(1, year.year).getResultList()).stream()
                .collect(Collectors.toMap(r -> (String) r[0], r -> (BigDecimal) r[1]));
        List<PlanYearView.ProgrammeRef> programmes = Programme.<Programme>list("year = ?1 order by id", year.year).stream()
                .map(p -> new PlanYearView.ProgrammeRef(p.id, p.name, p.nameEn)).toList();
        return new PlanYearView(year.year, year.title, year.documentReference, year.documentTotalInvestment,
                year.documentAnnualPlan, year.documentProjectCount,
                new SourceAmounts(split.get("CENTRAL"), split.get("REGIONAL"), split.get("LOCAL")), programmes,
                year.firstPeriod, year.lastPeriod, year.dueDayOfMonth, year.dueRule);
    }
}
