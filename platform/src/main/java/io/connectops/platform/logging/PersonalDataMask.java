package io.connectops.platform.logging;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the personal data that log lines pick up from requests and database errors: e-mail addresses, phone
 * numbers, and the values in PostgreSQL's {@code Key (column)=(value)} details. What stays (the domain of an
 * address, the last two digits of a number, the column names) is enough to tell two cases apart in an incident.
 */
public final class PersonalDataMask {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    /**
     * International (E.164, as Amazon Connect gives them: {@code +14155550100}, also spaced or dashed) and
     * {@code (415) 555-0100} forms. Bare digit runs are left alone: offsets, epoch millis and ids look the same.
     */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d(?:[ .-]?\\d){7,14}|\\(\\d{1,4}\\)\\s?\\d(?:[ .-]?\\d){5,12})(?!\\w)");
    /** PostgreSQL's detail of a unique or foreign-key violation: Key (email)=(ann@example.com) already exists. */
    private static final Pattern POSTGRES_KEY = Pattern.compile("(Key \\(([^)]*)\\)=\\()(.*?)(\\)( already exists|"
            + " is (still )?(not present|referenced)|\\s|$))");

    private PersonalDataMask() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replace(POSTGRES_KEY, text, m -> m.group(1) + "***" + m.group(4));
        masked = replace(EMAIL, masked, m -> "***@" + m.group(2));
        masked = replace(PHONE, masked, m -> {
            String digits = m.group().replaceAll("\\D", "");
            return "***" + digits.substring(digits.length() - 2);
        });
        return masked;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> by) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(by.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
