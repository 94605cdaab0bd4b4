package io.connectops.ingest.receivers;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;

/**
 * Where Alertmanager, Grafana and Prometheus send alerts they evaluated: Alertmanager's and Grafana's webhooks, and
 * Alertmanager's own {@code POST /api/v2/alerts}, so that a Prometheus server can name Connect Ops as an
 * Alertmanager. Each takes a bearer token of role {@code ingest}, which Alertmanager's {@code http_config.oauth2}
 * and Prometheus' {@code alertmanagers[].oauth2} obtain by client credentials. Bodies are capped at
 * {@code connectops.ingest.receivers.max-body-size}.
 */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AlertReceiverResource {

    public static final String ALERTMANAGER_PATH = "/api/v1/ingest/alertmanager";
    public static final String GRAFANA_PATH = "/api/v1/ingest/grafana";
    public static final String ALERTS_PATH = "/api/v2/alerts";

    @Inject
    AlertReceiverService receivers;

    @POST
    @Path("/v1/ingest/alertmanager")
    @RolesAllowed(Roles.INGEST)
    public ReceiptView alertmanager(WebhookPayload payload) {
        return receivers.receiveWebhook(ReceivedAlerts.ALERTMANAGER, payload);
    }

    @POST
    @Path("/v1/ingest/grafana")
    @RolesAllowed(Roles.INGEST)
    public ReceiptView grafana(WebhookPayload payload) {
        return receivers.receiveWebhook(ReceivedAlerts.GRAFANA, payload);
    }

    @POST
    @Path("/v2/alerts")
    @RolesAllowed(Roles.INGEST)
    public ReceiptView alerts(List<PostableAlert> alerts) {
        return receivers.receivePosted(alerts);
    }
}
