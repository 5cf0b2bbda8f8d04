package cn.qinzhou.livelihood.project.adjustment;

import jakarta.validation.constraints.Size;

/** Who decided is taken from the bearer token. */
public record DecideAdjustmentRequest(@Size(max = 2000) String note) {
}
