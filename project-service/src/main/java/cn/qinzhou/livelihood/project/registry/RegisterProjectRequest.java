package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Registers a project beyond the seeded plan. Lead unit and funding may follow later. The plan year is the
 * programme's (programme ids are unique across years); {@code year}, when given, must be that one.
 * {@code carriedOverFrom} names the project of an earlier year this one continues (跨年续建).
 */
public record RegisterProjectRequest(
        @Min(2000) @Max(2100) Integer year,
        @NotNull Integer programmeId,
        @NotNull Category category,
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = LeadUnitIds.PATTERN, message = LeadUnitIds.RULE) String leadUnitId,
        @Valid FundingRequest funding,
        @Size(max = 20) String carriedOverFrom) {
}
