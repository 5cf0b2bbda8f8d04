package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Packages by feature without cycles, and resources as the outermost layer: nothing else calls a resource. */
class ArchitectureTest {

    static final ArchitectureRules RULES = new ArchitectureRules("cn.qinzhou.livelihood.progress");

    @Test
    void featurePackagesAreFreeOfCycles() {
        RULES.featurePackagesAreFreeOfCycles();
    }

    @Test
    void onlyResourcesReferToResources() {
        RULES.onlyResourcesReferToResources();
    }
}
