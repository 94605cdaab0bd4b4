package io.connectops.ingest.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.connectops.contracts.MetricSample;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.service.AcknowledgedProducer;
import io.connectops.ingest.service.MetricPushService;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.security.Roles;

/**
 * Takes batches of pushed samples. 202 means every sample of the batch is on the topic (acknowledged by Kafka);
 * 503 means none is claimed accepted and the client should send the batch again after Retry-After.
 */
@Path(MetricPushResource.PATH)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MetricPushResource {

    static final String PATH = "/api/v1/metrics";
    private static final Logger LOG = Logger.getLogger(MetricPushResource.class);

    public record Accepted(int accepted) {
    }

    @Inject
    MetricPushService pushService;

    @Inject
    IngestConfig config;

    @POST
    @RolesAllowed(Roles.INGEST)
    public Response push(PushedSamples batch) {
        List<Problem.FieldError> batchErrors = PushedSamples.batchErrors(batch);
        if (!batchErrors.isEmpty()) {
            throw ProblemException.invalid(batchErrors);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<MetricSample> samples = new ArrayList<>(batch.samples().size());
        for (int i = 0; i < batch.samples().size(); i++) {
            PushedSamples.Sample s = batch.samples().get(i);
            samples.add(PushedSamples.sampleErrors(i, s, errors) ? null
                    : new MetricSample(MetricPushService.SOURCE, s.instanceId(), s.queueId(), s.channel(), s.agentId(),
                            s.metric(), s.value(), s.unit(), s.timestamp(), s.labels()));
        }
        try {
            return Response.accepted(new Accepted(pushService.push(samples, errors))).build();
        } catch (AcknowledgedProducer.NotAcknowledgedException e) {
            LOG.warnf("Push of %d samples not accepted, Kafka did not acknowledge it: %s", samples.size(), e.getMessage());
            return unavailable();
        }
    }

    private Response unavailable() {
        long retryAfterSeconds = Math.max(1, config.push().retryAfter().toSeconds());
        Problem problem = new Problem("about:blank", "Service Unavailable", 503,
                "The metrics topic did not acknowledge the batch; none of it is accepted. Send it again after "
                        + retryAfterSeconds + " s.",
                PATH, null, null);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).entity(problem).build();
    }
}
