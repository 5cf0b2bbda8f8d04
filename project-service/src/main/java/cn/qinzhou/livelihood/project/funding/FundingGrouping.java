package cn.qinzhou.livelihood.project.funding;

import java.util.Arrays;
import java.util.Optional;

public enum FundingGrouping {
    PROGRAMME("programme"), CATEGORY("category"), SOURCE("source"), LEAD_UNIT("lead-unit");

    public final String parameter;

    FundingGrouping(String parameter) {
        this.parameter = parameter;
    }

    public static Optional<FundingGrouping> fromParameter(String value) {
        return Arrays.stream(values()).filter(g -> g.parameter.equals(value)).findFirst();
    }
}
