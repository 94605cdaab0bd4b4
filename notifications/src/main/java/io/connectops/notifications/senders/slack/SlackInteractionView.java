package io.connectops.notifications.senders.slack;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the interactivity endpoint answers a button press: Slack shows {@code text} to the person who pressed
 * ({@code response_type: ephemeral}) and leaves the message as it is; the message itself changes when the incident's
 * event comes back.
 *
 * @param duplicate the press was seen before (a replay, a double click): nothing was published again
 */
public record SlackInteractionView(
        @JsonProperty("response_type") String responseType,
        @JsonProperty("replace_original") boolean replaceOriginal,
        String text,
        String commandId,
        boolean duplicate) {

    static SlackInteractionView ephemeral(String text, String commandId, boolean duplicate) {
        return new SlackInteractionView("ephemeral", false, text, commandId, duplicate);
    }
}
