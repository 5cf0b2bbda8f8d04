package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.testsupport.ArchitectureRules;

/** Packages by feature without cycles, and resources as the outermost layer (the rules: {@link ArchitectureRules}). */
class ArchitectureTest extends ArchitectureRules {

    ArchitectureTest() {
        super("cn.qinzhou.livelihood.progress");
    }
}
