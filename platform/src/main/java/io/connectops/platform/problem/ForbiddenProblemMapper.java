package io.connectops.platform.problem;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.security.ForbiddenException;

/**
 * A token without any role the operation allows. Quarkus answers such a request with an empty 403; this one says which
 * roles the operation declares ({@code @RolesAllowed} of the resource method, else of its class), so that a person
 * knows whom to ask. The roles are the public names of design.md, never anything about the token or its holder.
 */
@Provider
public class ForbiddenProblemMapper implements ExceptionMapper<ForbiddenException> {

    @Context
    UriInfo uri;

    @Context
    ResourceInfo resource;

    @Override
    public Response toResponse(ForbiddenException e) {
        Method method = resource == null ? null : resource.getResourceMethod();
        List<String> roles = method == null ? List.of() : declaredRoles(method);
        String instance = uri == null ? null : uri.getRequestUri().getPath();
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(new RoleProblem("about:blank", "Forbidden", 403, detail(roles), instance, roles)).build();
    }

    /** The roles of the method's own {@code @RolesAllowed}, or of its class's when the method has none. */
    static List<String> declaredRoles(Method method) {
        List<String> own = rolesOf(method);
        if (own != null) {
            return own;
        }
        List<String> ofClass = rolesOf(method.getDeclaringClass());
        return ofClass != null ? ofClass : List.of();
    }

    static String detail(List<String> roles) {
        if (roles.isEmpty()) {
            return "Your roles do not allow this operation";
        }
        return "This operation needs role " + String.join(" or ", roles);
    }

    private static List<String> rolesOf(AnnotatedElement element) {
        RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
        return allowed == null ? null : Arrays.stream(allowed.value()).distinct().toList();
    }

    /** The problem shape of {@link Problem} with the roles the operation allows, for tools to show. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RoleProblem(String type, String title, int status, String detail, String instance,
            List<String> roles) {
    }
}
