package io.connectops.notifications.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.notifications.domain.Channel;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.quarkus.panache.common.Sort;

@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @GET
    @RolesAllowed({Roles.ADMIN})
    public List<Channel> list(@Valid @BeanParam PageRequest page) {
        return Channel.<Channel>findAll(Sort.by("createdAt").descending()).page(page.page(), page.size()).list();
    }
}
