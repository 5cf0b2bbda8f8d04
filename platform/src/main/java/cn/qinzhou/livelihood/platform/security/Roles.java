package cn.qinzhou.livelihood.platform.security;

/** The roles a bearer token's {@code groups} claim may carry. */
public final class Roles {
    /** 牵头单位: a lead unit, with its id in the {@code lead_unit} claim; sees and changes only its own. */
    public static final String LEAD_UNIT = "lead-unit";
    /** 市发展改革委: the planning office; registers projects and funding, decides adjustments, reads all. */
    public static final String PLANNER = "planner";
    /** 督查室: the supervision office; reads everything, acknowledges and resolves alerts. */
    public static final String SUPERVISOR = "supervisor";
    /** Dashboards: aggregated totals and rates only. */
    public static final String DASHBOARD = "dashboard";
    /** Runs the system: may move a demo stack's clock (only where livelihood.clock.adjustable=true). */
    public static final String OPERATOR = "operator";

    public static final String LEAD_UNIT_CLAIM = "lead_unit";

    private Roles() {
    }
}
