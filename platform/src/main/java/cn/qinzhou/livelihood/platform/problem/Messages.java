package cn.qinzhou.livelihood.platform.problem;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The words of every refusal, in the language the request prefers: English, or Chinese when its
 * {@code Accept-Language} ranks a {@code zh} range (zh, zh-CN, zh-Hans, zh-TW...) above every {@code en} one.
 * <p>
 * Each message is a key with its English text in a module's {@code problem-messages.properties} and its Chinese
 * in {@code problem-messages_zh.properties} (UTF-8), at the root of the module's jar; every copy on the class path
 * is read and merged, so platform, the rules and each service keep their own messages beside their code. Keys
 * start with the module's name ({@code platform.}, {@code progress.}...). {@code {0}}, {@code {1}}... are replaced
 * by the arguments as written (no number formatting, no quoting rules). A key missing in Chinese falls back to
 * English, a key missing in English shows as the key itself.
 */
public final class Messages {

    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    static final String BUNDLE = "problem-messages";

    private static final ThreadLocal<Locale> SPEAKING = new ThreadLocal<>();
    private static volatile Map<String, String> english;
    private static volatile Map<String, String> chinese;

    private Messages() {
    }

    /** The text of {@code key} in the current request's language (English outside a request). */
    public static String text(String key, Object... args) {
        return text(current(), key, args);
    }

    public static String text(Locale locale, String key, Object... args) {
        String template = null;
        if (isChinese(locale)) {
            template = chinese().get(key);
        }
        if (template == null) {
            template = english().get(key);
        }
        if (template == null) {
            return key;
        }
        return fill(locale, template, args);
    }

    /** A noun such as "subscription" by its key {@code noun.<word>}, or the word itself when it has none. */
    public static String noun(String word) {
        String key = "noun." + word;
        String text = text(key);
        return text.equals(key) ? word : text;
    }

    /**
     * "project P0402" in words: a phrase starting with a noun that has a key {@code noun.<noun>} ("lead unit",
     * "project") gets the noun in the request's language, the rest (an id) as it is.
     */
    public static String phrase(String what) {
        String best = null;
        for (String key : english().keySet()) {
            if (key.startsWith("noun.")) {
                String noun = key.substring("noun.".length());
                if ((what.equals(noun) || what.startsWith(noun + " ")) && (best == null || noun.length() > best.length())) {
                    best = noun;
                }
            }
        }
        return best == null ? what : noun(best) + what.substring(best.length());
    }

    /** The title of a status: "Bad Request" / "请求有误". */
    public static String title(int status) {
        String key = "platform.title." + status;
        String text = text(key);
        return text.equals(key) ? text(ENGLISH, "platform.title.other") : text;
    }

    public static boolean isChinese(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage());
    }

    /**
     * The language an {@code Accept-Language} header prefers among English and Chinese, q-values honoured
     * ("en;q=0.9, zh;q=0.8" is English); English when it names neither, is absent or cannot be read.
     */
    public static Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return ENGLISH;
        }
        // parse sorts by weight, highest first, keeping the header's order among equals
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String primary = range.getRange().split("-", 2)[0];
            if (primary.equals("zh")) {
                return CHINESE;
            }
            if (primary.equals("en") || primary.equals("*")) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    /** The language of the request being handled on this thread, or English when there is none. */
    public static Locale current() {
        Locale speaking = SPEAKING.get();
        return speaking != null ? speaking : choose(acceptLanguage());
    }

    /**
     * Runs {@code work} with {@link #current()} answering {@code locale} on this thread: for a plain Vert.x route,
     * which is no REST request, choosing its language from its own {@code Accept-Language}.
     */
    public static void speaking(Locale locale, Runnable work) {
        Locale before = SPEAKING.get();
        SPEAKING.set(locale);
        try {
            work.run();
        } finally {
            if (before == null) {
                SPEAKING.remove();
            } else {
                SPEAKING.set(before);
            }
        }
    }

    private static String acceptLanguage() {
        try {
            ResteasyReactiveRequestContext rest = CurrentRequestManager.get();
            if (rest != null) {
                return rest.getHttpHeaders().getHeaderString("Accept-Language");
            }
        } catch (RuntimeException | LinkageError e) {
            // not in a REST request
        }
        try {
            ArcContainer container = Arc.container();
            if (container != null && container.requestContext().isActive()) {
                RoutingContext routing = container.instance(CurrentVertxRequest.class).get().getCurrent();
                if (routing != null) {
                    return routing.request().getHeader("Accept-Language");
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no request at all
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static String fill(Locale locale, String template, Object... args) {
        if (args == null || args.length == 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i + 1) {
                String index = template.substring(i + 1, close);
                if (index.chars().allMatch(Character::isDigit) && Integer.parseInt(index) < args.length) {
                    Object arg = args[Integer.parseInt(index)];
                    out.append(arg instanceof java.util.function.Function<?, ?> said
                            ? ((java.util.function.Function<Locale, Object>) said).apply(locale) : String.valueOf(arg));
                    i = close;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Map<String, String> english() {
        Map<String, String> loaded = english;
        if (loaded == null) {
            english = loaded = load(BUNDLE + ".properties");
        }
        return loaded;
    }

    private static Map<String, String> chinese() {
        Map<String, String> loaded = chinese;
        if (loaded == null) {
            chinese = loaded = load(BUNDLE + "_zh.properties");
        }
        return loaded;
    }

    private static Map<String, String> load(String resource) {
        Map<String, String> messages = new HashMap<>();
        try {
            // the loader of the application's classes sees every module's bundle, whichever thread asks first
            ClassLoader loader = Messages.class.getClassLoader();
            for (URL url : Collections.list(loader.getResources(resource))) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                properties.forEach((key, value) -> messages.putIfAbsent((String) key, (String) value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return Map.copyOf(messages);
    }
}
