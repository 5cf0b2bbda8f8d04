package cn.qinzhou.livelihood.platform.problem;

import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolver;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolverContext;

import java.util.Locale;

/**
 * Bean-validation messages in the language {@link Messages} chose for the request, so a constraint's words and the
 * problem's own never differ ("de, en-GB;q=0.5, zh;q=0.1" is English for both). Asked before Quarkus' own
 * Accept-Language resolver (a higher priority); Chinese is zh_CN, whose bundles every service's
 * {@code quarkus.locales} loads.
 */
@Singleton
@Priority(100)
public class ValidationLanguage implements LocaleResolver {

    @Override
    public Locale resolve(LocaleResolverContext context) {
        return Messages.isChinese(Messages.current()) ? Messages.CHINESE : Locale.ENGLISH;
    }
}
