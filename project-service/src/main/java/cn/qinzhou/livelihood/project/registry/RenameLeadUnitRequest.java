package cn.qinzhou.livelihood.project.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A lead unit's name as written (e.g. 市教育局); its id stays, since tokens and URLs carry it. */
public record RenameLeadUnitRequest(@NotBlank @Size(max = 100) String name) {
}
