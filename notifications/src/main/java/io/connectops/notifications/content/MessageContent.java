package io.connectops.notifications.content;

import java.util.List;

import io.connectops.contracts.Severity;

/**
 * What a notification says, before a channel gives it its shape (Slack blocks, an Adaptive Card, a ServiceNow
 * record, an e-mail).
 *
 * @param headline one line naming the thing, e.g. {@code [P1] INC-7 Billing queue abandonment}
 * @param statusLine what just happened, e.g. {@code Mitigated}
 * @param status the current state, shown on the Slack parent message when it is updated
 * @param facts labelled values: severity, queue, value vs threshold, start time
 */
public record MessageContent(
        String headline,
        String statusLine,
        String status,
        Severity severity,
        Tone tone,
        String text,
        List<Fact> facts,
        String link,
        String linkTitle,
        String runbookUrl) {

    public enum Tone { ALERT, WARNING, GOOD, INFO }

    public record Fact(String title, String value) {
    }

    /** {@code text} cut to {@code max} characters, the last one an ellipsis: receivers refuse longer fields. */
    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The plain text fallback that notification previews and screen readers show. */
    public String plainText() {
        return headline + " — " + statusLine;
    }
}
