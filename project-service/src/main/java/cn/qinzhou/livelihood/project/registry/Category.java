package cn.qinzhou.livelihood.project.registry;

public enum Category {
    /** 对应自治区项目: mirrors a project of the autonomous region's own plan. */
    REGION_ALIGNED,
    /** 钦州市自选项目: chosen by the city itself. */
    CITY_SELECTED
}
