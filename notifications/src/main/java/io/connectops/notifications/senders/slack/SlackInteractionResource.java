package io.connectops.notifications.senders.slack;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Slack's interactivity request URL: a button pressed on an incident message ({@code block_actions}, posted as
 * {@code application/x-www-form-urlencoded} with one {@code payload} field). Slack sends no bearer token, so the path
 * is open to OIDC and every request is authenticated by Slack's signature instead (see {@link SlackSignature}): an
 * unsigned, wrongly signed or stale request is a 401 and publishes nothing.
 */
@Path("/api/v1/slack/interactions")
public class SlackInteractionResource {

    @Inject
    SlackInteractions interactions;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public SlackInteractionView press(@HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature, byte[] body) {
        return interactions.press(timestamp, signature, body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }
}
