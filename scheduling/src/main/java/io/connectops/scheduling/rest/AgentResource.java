package io.connectops.scheduling.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.scheduling.domain.Agent;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.quarkus.panache.common.Sort;

@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public List<Agent> list(@Valid @BeanParam PageRequest page) {
        return Agent.<Agent>findAll(Sort.by("createdAt").descending()).page(page.page(), page.size()).list();
    }
}
