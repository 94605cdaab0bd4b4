package io.connectops.ingest.rest;

import java.util.Set;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.receivers.AlertReceiverResource;
import io.connectops.platform.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Caps the bodies of the routes that other systems post to, below the 8 MiB the push API may take, ahead of
 * authentication and of body reading: the anonymous SNS endpoint at {@code connectops.ingest.sns.max-body-size}, the
 * alert receivers at {@code connectops.ingest.receivers.max-body-size}. A declared larger body is a 413 problem
 * before a byte of it is read; a chunked one is counted as it is read and refused at the first chunk past the cap,
 * and its connection closed, instead of being read up to {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodyLimits {

    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

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
            HttpServerRequest request = context.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            long limit = max.getAsLong();
            if (length != null && exceeds(length, limit)) {
                refuse(context, path, limit, what);
            } else if (length != null || request.isEnded() || !BODY_METHODS.contains(request.method())
                    || ((RoutingContextInternal) context).seenHandler(RoutingContextInternal.BODY_HANDLER)) {
                context.next();
            } else if (request.version() == HttpVersion.HTTP_2) {
                lengthRequired(context, path, what);
            } else {
                readCounting(context, path, limit, what);
            }
        });
    }

    /**
     * Reads a body of undeclared length (chunked) here, counting it as it arrives: at the first chunk past the limit
     * the request stops being read and the answer is a 413 on a connection that is then closed, so the sender cannot
     * go on writing into it up to the service-wide limit. A body within the limit is handed on whole; RESTEasy takes
     * a body that a handler before it has read.
     */
    private static void readCounting(RoutingContext context, String path, long limit, String what) {
        HttpServerRequest request = context.request();
        ((RoutingContextInternal) context).visitHandler(RoutingContextInternal.BODY_HANDLER);
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                request.pause();
                refuse(context, path, limit, what);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                ((RoutingContextInternal) context).setBody(body);
                context.next();
            }
        });
        request.exceptionHandler(failure -> {
            if (!refused[0] && !context.response().ended()) {
                refused[0] = true;
                context.fail(400, failure);
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
                && request.version() == HttpVersion.HTTP_1_1) {
            context.response().writeContinue();
        }
        request.resume();
    }

    /**
     * An HTTP/2 body of undeclared length is refused (411) rather than read here: RESTEasy cannot take over an HTTP/2
     * request whose body a handler before it has read to its end (it pauses the request, which Vert.x refuses once
     * the stream has ended), and left to RESTEasy it would be read up to the service-wide limit. Over HTTP/2 a
     * declared length is enforced by the protocol layer (a stream sending more is reset), so the cap above holds;
     * SNS and the alert senders declare their lengths.
     */
    private static void lengthRequired(RoutingContext context, String path, String what) {
        context.request().pause();
        context.response().setStatusCode(411).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problemJson(new Problem("about:blank", "Length Required", 411,
                        what + " over HTTP/2 must declare its Content-Length", path, null, null)));
    }

    /**
     * A 413 problem. Over HTTP/1.x the connection is closed once it is written: the request it refuses has not been
     * read to its end, and the server would otherwise keep reading (and discarding) whatever the sender goes on
     * writing. Over HTTP/2 the paused stream grants the sender no more flow-control credit.
     */
    private static void refuse(RoutingContext context, String path, long limit, String what) {
        HttpServerRequest request = context.request();
        boolean unread = !request.isEnded();
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problemJson(new Problem("about:blank", "Content Too Large", 413, detail(limit, what), path, null,
                        null)))
                .onComplete(written -> {
                    if (unread && request.version() != HttpVersion.HTTP_2) {
                        request.connection().close();
                    }
                });
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

    private static String problemJson(Problem problem) {
        try {
            return EventCodec.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
