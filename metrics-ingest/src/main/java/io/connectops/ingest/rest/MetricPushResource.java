package io.connectops.ingest.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.contracts.MetricSample;
import io.connectops.ingest.service.MetricPushService;
import io.connectops.platform.security.Roles;

@Path("/api/v1/metrics")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MetricPushResource {

    public record Accepted(int accepted) {
    }

    @Inject
    MetricPushService pushService;

    @POST
    @RolesAllowed(Roles.INGEST)
    public Response push(@NotNull @Valid PushedSamples batch) {
        List<MetricSample> samples = batch.samples().stream()
                .map(s -> new MetricSample(MetricPushService.SOURCE, s.instanceId(), s.queueId(), s.channel(),
                        s.agentId(), s.metric(), s.value(), s.unit(), s.timestamp(), s.labels()))
                .toList();
        return Response.accepted(new Accepted(pushService.push(samples))).build();
    }
}
