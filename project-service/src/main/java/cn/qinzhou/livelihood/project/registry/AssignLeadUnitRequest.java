package cn.qinzhou.livelihood.project.registry;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record AssignLeadUnitRequest(
        @NotNull @Pattern(regexp = LeadUnitIds.PATTERN, message = LeadUnitIds.RULE) String leadUnitId) {
}
