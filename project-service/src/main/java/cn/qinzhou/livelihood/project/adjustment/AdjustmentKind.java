package cn.qinzhou.livelihood.project.adjustment;

public enum AdjustmentKind {
    /** The annual planned investment or its split changes for objective reasons. */
    CHANGE_PLAN,
    /** The project cannot be carried out (无法实施) and is to be dropped. */
    CANCEL
}
