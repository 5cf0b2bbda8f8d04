package cn.qinzhou.livelihood.project.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record RegisterLeadUnitRequest(
        @NotNull @Pattern(regexp = LeadUnitIds.PATTERN, message = LeadUnitIds.RULE) String id,
        @NotBlank @Size(max = 100) String name) {
}
