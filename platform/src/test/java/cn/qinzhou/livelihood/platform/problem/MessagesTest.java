package cn.qinzhou.livelihood.platform.problem;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Which language a header asks for, and a message said in it (no Quarkus: outside a request). */
class MessagesTest {

    @Test
    void chineseOnlyWhenAZhRangeOutranksEveryEnglishOne() {
        for (String chinese : new String[]{"zh", "zh-CN", "zh-Hans", "zh-TW", "zh-HK,en;q=0.5", "en;q=0.8, zh;q=0.9",
                "fr, zh-CN;q=0.7, en;q=0.3", "zh-Hans-CN"}) {
            assertThat(Messages.choose(chinese)).as(chinese).isEqualTo(Messages.CHINESE);
        }
        for (String english : new String[]{null, "", "en", "en-US", "en;q=0.9, zh;q=0.8", "de", "*", "*, zh;q=0.5",
                "zh;q=0, en", "not a header;;q=x"}) {
            assertThat(Messages.choose(english)).as(english).isEqualTo(Messages.ENGLISH);
        }
    }

    @Test
    void argumentsAsWrittenAndFunctionsSaidInTheLanguage() {
        Function<Locale, String> years = locale -> Messages.isChinese(locale) ? "2024年" : "2024";
        assertThat(Messages.text(Messages.ENGLISH, "rules.year.unknown", years)).isEqualTo("must be a plan year: 2024");
        assertThat(Messages.text(Messages.CHINESE, "rules.year.unknown", years)).isEqualTo("须为已登记的计划年度：2024年");
        assertThat(Messages.text(Messages.ENGLISH, "platform.json.bad-value", "a number", 1000000))
                .isEqualTo("must be a number, got 1000000");
        assertThat(Messages.text(Messages.CHINESE, "platform.title.404")).isEqualTo("未找到");
        assertThat(Messages.text(Messages.CHINESE, "no.such.key")).isEqualTo("no.such.key");
        // outside a request: English
        assertThat(Messages.text("platform.title.409")).isEqualTo("Conflict");
        assertThat(Messages.phrase("project P0402")).isEqualTo("project P0402");
    }
}
