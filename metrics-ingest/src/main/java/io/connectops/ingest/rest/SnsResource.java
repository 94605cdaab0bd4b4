package io.connectops.ingest.rest;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.service.SnsIntakeService;
import io.connectops.ingest.service.SnsSignatureVerifier;
import io.connectops.platform.problem.ProblemException;

/**
 * The HTTPS endpoint an SNS topic delivers CloudWatch alarms to. SNS sends no bearer token, so the endpoint is
 * open and every message is authenticated by its signature instead: a message that fails is a 403.
 *
 * <p>Being open, its body is capped at {@code connectops.ingest.sns.max-body-size} (SNS messages are at most
 * 256 KiB) rather than the 10 MiB every other route may take: a declared larger body is refused before it is read
 * ({@link BodyLimits}), a chunked one as soon as the cap is passed while it is read.
 */
@Path(SnsResource.PATH)
public class SnsResource {

    static final String PATH = "/api/v1/ingest/sns";

    @Inject
    SnsIntakeService intake;

    @Inject
    IngestConfig config;

    @POST
    @PermitAll
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body) {
        long max = config.sns().maxBodySize().asLongValue();
        if (body != null && body.length > max) {
            throw tooLarge(max);
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw ProblemException.badRequest("The body is not an SNS message: empty");
        }
        try {
            return Response.ok(intake.receive(text)).build();
        } catch (SnsSignatureVerifier.Rejected e) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Forbidden", "SNS message rejected: " + e.getMessage(),
                    null, null);
        }
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "Content Too Large",
                BodyLimits.detail(max, "An SNS message"), null, null);
    }
}
