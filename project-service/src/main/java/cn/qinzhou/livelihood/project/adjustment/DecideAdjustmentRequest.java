package cn.qinzhou.livelihood.project.adjustment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record DecideAdjustmentRequest(@NotBlank @Size(max = 100) String decidedBy, @Size(max = 2000) String note) {
}
