package cn.qinzhou.livelihood.project.registry;

public enum ProjectStatus {
    ACTIVE,
    /** Its plan was changed by an approved adjustment request (调整申请); the original plan is kept. */
    ADJUSTED,
    /** Dropped through an approved adjustment request; no further reports are expected. */
    CANCELLED,
    COMPLETED;

    public boolean acceptsChanges() {
        return this == ACTIVE || this == ADJUSTED;
    }
}
