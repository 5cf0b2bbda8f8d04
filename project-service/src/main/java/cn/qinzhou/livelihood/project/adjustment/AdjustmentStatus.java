package cn.qinzhou.livelihood.project.adjustment;

public enum AdjustmentStatus {
    PENDING, APPROVED, REJECTED
}
