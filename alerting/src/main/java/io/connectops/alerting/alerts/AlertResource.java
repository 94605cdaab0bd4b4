package io.connectops.alerting.alerts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    @Inject
    AlertService alerts;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.INCIDENT_MANAGER})
    public Page<AlertView> list(@QueryParam("state") AlertEvent.State state, @QueryParam("severity") Severity severity,
            @QueryParam("instanceId") String instanceId, @QueryParam("queueId") String queueId,
            @QueryParam("ruleId") String ruleId, @Valid @BeanParam PageRequest page) {
        return alerts.find(new AlertFilter(state, severity, instanceId, queueId, ruleId), page.page(),
                page.size());
    }

    @GET
    @Path("/{fingerprint}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.INCIDENT_MANAGER})
    public AlertView get(@PathParam("fingerprint") String fingerprint) {
        return alerts.get(fingerprint);
    }

    @GET
    @Path("/{fingerprint}/history")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.INCIDENT_MANAGER})
    public Page<AlertHistoryView> history(@PathParam("fingerprint") String fingerprint,
            @Valid @BeanParam PageRequest page) {
        return alerts.history(fingerprint, page.page(), page.size());
    }
}
