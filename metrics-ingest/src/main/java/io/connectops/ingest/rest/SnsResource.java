package io.connectops.ingest.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.ingest.service.SnsIntakeService;
import io.connectops.ingest.service.SnsSignatureVerifier;
import io.connectops.platform.problem.ProblemException;

/**
 * The HTTPS endpoint an SNS topic delivers CloudWatch alarms to. SNS sends no bearer token, so the endpoint is
 * open and every message is authenticated by its signature instead: a message that fails is a 403.
 */
@Path("/api/v1/ingest/sns")
public class SnsResource {

    @Inject
    SnsIntakeService intake;

    @POST
    @PermitAll
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The body is not an SNS message: empty");
        }
        try {
            return Response.ok(intake.receive(body)).build();
        } catch (SnsSignatureVerifier.Rejected e) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Forbidden", "SNS message rejected: " + e.getMessage(),
                    null, null);
        }
    }
}
