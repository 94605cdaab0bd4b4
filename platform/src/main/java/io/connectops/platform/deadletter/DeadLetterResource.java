package io.connectops.platform.deadletter;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;

/** The dead letters of this service, for admins: what failed, why, and putting it back once the cause is fixed. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    @Inject
    DeadLetterService deadLetters;

    @Inject
    CurrentActor actor;

    @GET
    public List<DeadLetterView.Topic> topics() {
        return deadLetters.topics();
    }

    @GET
    @Path("/{topic}")
    public Page<DeadLetterView.Record> list(@PathParam("topic") @Size(max = 200) String topic,
            @Valid @BeanParam PageRequest page) {
        return deadLetters.list(topic, page);
    }

    @GET
    @Path("/{topic}/{partition}/{offset}")
    public DeadLetterView.Record one(@PathParam("topic") @Size(max = 200) String topic,
            @PathParam("partition") @Min(0) @Max(10_000) int partition, @PathParam("offset") @Min(0) long offset) {
        return deadLetters.one(topic, partition, offset);
    }

    @POST
    @Path("/{topic}/{partition}/{offset}/redrive")
    public DeadLetterView.Redrive redrive(@PathParam("topic") @Size(max = 200) String topic,
            @PathParam("partition") @Min(0) @Max(10_000) int partition, @PathParam("offset") @Min(0) long offset) {
        return deadLetters.redrive(topic, partition, offset, actor.get());
    }

    @POST
    @Path("/{topic}/redrive")
    public DeadLetterView.Redrive redriveAll(@PathParam("topic") @Size(max = 200) String topic) {
        return deadLetters.redriveAll(topic, actor.get());
    }
}
