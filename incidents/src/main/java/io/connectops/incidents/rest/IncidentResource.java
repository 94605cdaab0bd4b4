package io.connectops.incidents.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.incidents.domain.Incident;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.quarkus.panache.common.Sort;

@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public List<Incident> list(@Valid @BeanParam PageRequest page) {
        return Incident.<Incident>findAll(Sort.by("createdAt").descending()).page(page.page(), page.size()).list();
    }
}
