package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Packages by feature without cycles, and resources as the outermost layer: nothing else calls a resource. */
class ArchitectureTest {

    static final ArchitectureRules RULES = new ArchitectureRules("cn.qinzhou.livelihood.notification");

    @Test
    void featurePackagesAreFreeOfCycles() {
        RULES.featurePackagesAreFreeOfCycles();
    }

    @Test
    void onlyResourcesReferToResources() {
        RULES.onlyResourcesReferToResources();
    }
}
