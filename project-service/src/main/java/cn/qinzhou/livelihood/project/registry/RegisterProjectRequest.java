package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registers a project beyond the seeded plan. Lead unit and funding may follow later. */
public record RegisterProjectRequest(
        @NotNull Integer programmeId,
        @NotNull Category category,
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = LeadUnitIds.PATTERN, message = LeadUnitIds.RULE) String leadUnitId,
        @Valid FundingRequest funding) {
}
