package io.connectops.ingest.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses an SNS delivery whose declared length is over the cap with a 413, ahead of authentication and of body
 * reading: an anonymous client cannot make the service buffer 10 MiB to find out it is not an SNS message.
 */
@ApplicationScoped
public class SnsBodyLimit {

    @Inject
    IngestConfig config;

    void install(@Observes Router router) {
        router.route(SnsResource.PATH).order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long max = config.sns().maxBodySize().asLongValue();
            if (length != null && exceeds(length, max)) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(problemJson(max));
            } else {
                context.next();
            }
        });
    }

    private static boolean exceeds(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String problemJson(long max) {
        ProblemException tooLarge = SnsResource.tooLarge(max);
        try {
            return EventCodec.mapper().writeValueAsString(new Problem("about:blank", tooLarge.title(), 413,
                    tooLarge.getMessage(), SnsResource.PATH, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
