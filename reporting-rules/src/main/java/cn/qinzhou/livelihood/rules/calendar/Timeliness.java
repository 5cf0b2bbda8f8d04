package cn.qinzhou.livelihood.rules.calendar;

/** Whether a report's first submission came by its deadline (按时报送) or after it (逾期报送). */
public enum Timeliness { ON_TIME, LATE }
