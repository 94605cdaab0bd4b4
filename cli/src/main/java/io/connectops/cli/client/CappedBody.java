package io.connectops.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.net.ssl.SSLSession;

/**
 * A reply body read as text up to a cap: a server (or something posing as one) cannot make the tool hold more than
 * that in memory. A longer reply fails the call as unreadable.
 */
public final class CappedBody {

    /** The largest API answer: a page of 200 incidents with their texts stays far below it. */
    public static final int API_MAX_BYTES = 16 * 1024 * 1024;
    /** The largest OIDC answer (discovery, tokens). */
    public static final int OIDC_MAX_BYTES = 256 * 1024;

    private CappedBody() {
    }

    /**
     * Sends and reads the reply in the calling thread (a blocking stream must not be read in the client's own
     * executor), at most {@code maxBytes} of it.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, int maxBytes)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream stream = response.body()) {
            byte[] bytes = stream.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("reply larger than " + maxBytes + " bytes");
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        return new Read(response, body);
    }

    /** The reply's status and headers with the body as read. */
    private record Read(HttpResponse<InputStream> response, String body) implements HttpResponse<String> {

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }
    }
}
