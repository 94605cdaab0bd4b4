package io.connectops.ingest.rest;

import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.receivers.AlertReceiverResource;
import io.connectops.platform.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Caps the bodies of the routes that other systems post to, below the 8 MiB the push API may take, ahead of
 * authentication and of body reading: the anonymous SNS endpoint at {@code connectops.ingest.sns.max-body-size}, the
 * alert receivers at {@code connectops.ingest.receivers.max-body-size}. A declared larger body is a 413 problem
 * before a byte of it is read.
 */
@ApplicationScoped
public class BodyLimits {

    @Inject
    IngestConfig config;

    void install(@Observes Router router) {
        cap(router, SnsResource.PATH, () -> config.sns().maxBodySize().asLongValue(), "An SNS message");
        for (String path : new String[] { AlertReceiverResource.ALERTMANAGER_PATH, AlertReceiverResource.GRAFANA_PATH,
                AlertReceiverResource.ALERTS_PATH }) {
            cap(router, path, () -> config.receivers().maxBodySize().asLongValue(), "An alert payload");
        }
    }

    private static void cap(Router router, String path, LongSupplier max, String what) {
        router.route(path).order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long limit = max.getAsLong();
            if (length != null && exceeds(length, limit)) {
                refuse(context, path, limit, what);
            } else {
                context.next();
            }
        });
    }

    private static void refuse(RoutingContext context, String path, long limit, String what) {
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problemJson(path, limit, what));
    }

    /** The detail of the 413: "An SNS message is at most 262144 bytes". */
    static String detail(long limit, String what) {
        return what + " is at most " + limit + " bytes";
    }

    private static boolean exceeds(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String problemJson(String path, long limit, String what) {
        try {
            return EventCodec.mapper().writeValueAsString(new Problem("about:blank", "Content Too Large", 413,
                    detail(limit, what), path, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
