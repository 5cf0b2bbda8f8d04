package cn.qinzhou.livelihood.project.funding;

public enum FundingSource {
    /** 中央财政补助 */
    CENTRAL,
    /** 自治区财政补助 */
    REGIONAL,
    /** 市和县区投入 */
    LOCAL
}
