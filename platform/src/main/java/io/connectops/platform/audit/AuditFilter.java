package io.connectops.platform.audit;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import io.connectops.platform.security.CurrentActor;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Records every write made through the API, accepted or refused, with the acting user. */
@Provider
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    AuditTrail trail;

    @Inject
    CurrentActor actor;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        if (!WRITES.contains(method) || !path.startsWith("/api/") || response.getStatus() == 401) {
            return;
        }
        var who = actor.get();
        int status = response.getStatus();
        Runnable write = () -> {
            try {
                trail.record(who, method, path, status);
            } catch (RuntimeException e) {
                LOG.errorf("Audit entry lost for %s %s by %s: %s", method, path, who.id(), e.getMessage());
            }
        };
        if (BlockingOperationControl.isBlockingAllowed()) {
            write.run();
        } else {
            Infrastructure.getDefaultWorkerPool().execute(write);
        }
    }
}
