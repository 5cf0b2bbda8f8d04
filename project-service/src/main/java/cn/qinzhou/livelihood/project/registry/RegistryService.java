package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.project.funding.FundingPlan;
import cn.qinzhou.livelihood.project.funding.FundingRequest;
import cn.qinzhou.livelihood.project.funding.FundingRules;
import cn.qinzhou.livelihood.project.planyear.PlanYears;
import cn.qinzhou.livelihood.project.planyear.Programme;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Commands and queries on the registry. Every change and its event commit in one transaction. */
@ApplicationScoped
public class RegistryService {

    private final ProjectEvents events;
    private final MovableClock clock;
    private final PlanYears planYears;

    public RegistryService(ProjectEvents events, MovableClock clock, PlanYears planYears) {
        this.events = events;
        this.clock = clock;
        this.planYears = planYears;
    }

    /** @param year the plan year; null for the current one ({@link PlanYears#resolve}) */
    public record ProjectFilter(Integer year, Integer programmeId, Category category, String leadUnitId,
                                ProjectStatus status) {
    }

    @Transactional
    public ProjectPage list(ProjectFilter filter, int page, int size) {
        List<String> clauses = new ArrayList<>();
        Parameters params = new Parameters();
        clauses.add("year = :year");
        params.and("year", planYears.resolve(filter.year()));
        if (filter.programmeId() != null) {
            clauses.add("programmeId = :programmeId");
            params.and("programmeId", filter.programmeId());
        }
        if (filter.category() != null) {
            clauses.add("category = :category");
            params.and("category", filter.category());
        }
        if (filter.leadUnitId() != null) {
            clauses.add("leadUnitId = :leadUnitId");
            params.and("leadUnitId", filter.leadUnitId());
        }
        if (filter.status() != null) {
            clauses.add("status = :status");
            params.and("status", filter.status());
        }
        String query = String.join(" and ", clauses);
        var found = Project.<Project>find(query, Sort.by("id"), params).page(Page.of(page, size));
        Map<Integer, String> programmes = Programme.<Programme>listAll().stream()
                .collect(Collectors.toMap(p -> p.id, p -> p.name));
        Map<String, String> units = LeadUnit.<LeadUnit>listAll().stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.name));
        List<ProjectView> items = found.list().stream().map(p -> ProjectView.of(p, programmes.get(p.programmeId),
                p.leadUnitId == null ? null : units.get(p.leadUnitId))).toList();
        return new ProjectPage(items, found.count(), page, size);
    }

    @Transactional
    public ProjectView get(String id) {
        Project project = find(id);
        return ProjectView.of(project, events.snapshot(project));
    }

    @Transactional
    public ProjectView register(RegisterProjectRequest request, String actor) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (request.year() != null) {
            planYears.resolve(request.year());
        }
        Programme programme = Programme.findById(request.programmeId());
        if (programme == null) {
            violations.add(Problem.Violation.of("programmeId", "project.programme.unregistered"));
        } else if (request.year() != null && programme.year != request.year()) {
            violations.add(Problem.Violation.of("programmeId", "project.programme.other-year", programme.id, programme.year,
                    request.year()));
        }
        int year = programme != null ? programme.year : request.year() != null ? request.year() : planYears.resolve(null);
        String carriedOverFrom = request.carriedOverFrom() == null ? null : request.carriedOverFrom().strip();
        if (carriedOverFrom != null) {
            Project earlier = Project.findById(carriedOverFrom);
            if (earlier == null || earlier.year >= year) {
                violations.add(Problem.Violation.of("carriedOverFrom", "project.carried-over.unknown", year));
            }
        }
        if (request.leadUnitId() != null && LeadUnit.findById(request.leadUnitId()) == null) {
            violations.add(Problem.Violation.of("leadUnitId", "project.lead-unit.unregistered"));
        }
        if (request.funding() != null) {
            violations.addAll(FundingRules.check("funding.", request.funding().totalInvestment(), request.funding().toPlan()));
        }
        if (Project.count("year = ?1 and name = ?2", year, request.name().strip()) > 0) {
            violations.add(Problem.Violation.of("name", "project.name.exists", year));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        Project project = new Project();
        project.id = nextId(request.programmeId());
        project.year = year;
        project.carriedOverFrom = carriedOverFrom;
        project.programmeId = request.programmeId();
        project.category = request.category();
        project.name = request.name().strip();
        project.leadUnitId = request.leadUnitId();
        if (request.funding() != null) {
            project.totalInvestment = request.funding().totalInvestment();
            project.applyPlan(request.funding().toPlan());
        }
        project.status = ProjectStatus.ACTIVE;
        project.registrationAnnounced = true;
        project.createdAt = clock.instant();
        project.touch(clock.instant(), actor);
        project.persist();
        ProjectSnapshot snapshot = events.snapshot(project);
        events.publish(new ProjectEvent.ProjectRegistered(snapshot));
        return ProjectView.of(project, snapshot);
    }

    @Transactional
    public ProjectView updateFunding(String id, FundingRequest request, String actor) {
        Project project = find(id);
        requireChangeable(project);
        List<Problem.Violation> violations = FundingRules.check("", request.totalInvestment(), request.toPlan());
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return applyFunding(project, request.totalInvestment(), request.toPlan(), actor);
    }

    /** Sets total investment and plan and announces it; callers have checked the rules. */
    public ProjectView applyFunding(Project project, BigDecimal totalInvestment, FundingPlan plan, String actor) {
        BigDecimal previousTotal = project.totalInvestment;
        FundingPlan previous = project.plan();
        project.totalInvestment = totalInvestment;
        project.applyPlan(plan);
        project.touch(clock.instant(), actor);
        ProjectSnapshot snapshot = events.snapshot(project);
        events.publish(new ProjectEvent.ProjectFundingChanged(snapshot, previousTotal, ProjectEvents.plan(previous)));
        return ProjectView.of(project, snapshot);
    }

    @Transactional
    public ProjectView assignLeadUnit(String id, String leadUnitId, String actor) {
        Project project = find(id);
        requireChangeable(project);
        if (LeadUnit.findById(leadUnitId) == null) {
            throw ProblemException.rule("leadUnitId", "project.lead-unit.unregistered");
        }
        return applyLeadUnit(project, leadUnitId, actor);
    }

    public ProjectView applyLeadUnit(Project project, String leadUnitId, String actor) {
        String previous = project.leadUnitId;
        project.leadUnitId = leadUnitId;
        project.touch(clock.instant(), actor);
        ProjectSnapshot snapshot = events.snapshot(project);
        events.publish(new ProjectEvent.LeadUnitAssigned(snapshot, previous));
        return ProjectView.of(project, snapshot);
    }

    @Transactional
    public LeadUnitView registerLeadUnit(RegisterLeadUnitRequest request) {
        if (LeadUnit.findById(request.id()) != null) {
            throw ProblemException.conflictOf("project.lead-unit.exists", request.id());
        }
        if (LeadUnit.count("name", request.name().strip()) > 0) {
            throw ProblemException.rule("name", "project.lead-unit.name-taken");
        }
        LeadUnit unit = createLeadUnit(request.id(), request.name().strip());
        return new LeadUnitView(unit.id, unit.name, 0);
    }

    /**
     * Renames a lead unit. Its name travels in every project event (the snapshot's {@code leadUnitName}) and the
     * project topic is compacted by project id, so each of its projects is announced again, as a
     * {@code LeadUnitAssigned} naming the same unit as before, in the rename's transaction: a reader rebuilding the
     * catalog from the topic sees the new name. The same name again changes and announces nothing.
     */
    @Transactional
    public LeadUnitView renameLeadUnit(String id, String name, String actor) {
        LeadUnit unit = LeadUnit.findById(id);
        if (unit == null) {
            throw ProblemException.notFound("lead unit", id);
        }
        String wanted = name.strip();
        List<Project> projects = Project.list("leadUnitId", Sort.by("id"), id);
        if (wanted.equals(unit.name)) {
            return new LeadUnitView(unit.id, unit.name, projects.size());
        }
        if (LeadUnit.count("name = ?1 and id <> ?2", wanted, id) > 0) {
            throw ProblemException.rule("name", "project.lead-unit.name-taken");
        }
        unit.name = wanted;
        for (Project project : projects) {
            events.publish(new ProjectEvent.LeadUnitAssigned(events.snapshot(project), id));
        }
        return new LeadUnitView(unit.id, unit.name, projects.size());
    }

    public LeadUnit createLeadUnit(String id, String name) {
        LeadUnit unit = new LeadUnit();
        unit.id = id;
        unit.name = name;
        unit.createdAt = clock.instant();
        unit.persist();
        return unit;
    }

    @Transactional
    public List<LeadUnitView> leadUnits() {
        Map<String, Long> counts = Project.<Project>streamAll()
                .filter(p -> p.leadUnitId != null)
                .collect(Collectors.groupingBy(p -> p.leadUnitId, Collectors.counting()));
        return LeadUnit.<LeadUnit>listAll(Sort.by("id")).stream()
                .map(u -> new LeadUnitView(u.id, u.name, counts.getOrDefault(u.id, 0L))).toList();
    }

    public Project find(String id) {
        Project project = Project.findById(id);
        if (project == null) {
            throw ProblemException.notFound("project", id);
        }
        return project;
    }

    public static void requireChangeable(Project project) {
        if (!project.status.acceptsChanges()) {
            throw ProblemException.conflictOf("project.closed", project.id, project.status);
        }
    }

    private String nextId(int programmeId) {
        String prefix = String.format("P%02d", programmeId);
        long existing = Project.count("id like ?1", prefix + "%");
        String id;
        do {
            existing++;
            id = prefix + String.format("%02d", existing);
        } while (Project.findById(id) != null);
        return id;
    }
}
