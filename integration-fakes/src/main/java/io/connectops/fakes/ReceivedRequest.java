package io.connectops.fakes;

import java.time.Instant;
import java.util.Map;

/** One request a fake received, as the test or the demo operator sees it on {@code GET /_fake/requests}. */
public record ReceivedRequest(
        long sequence,
        String method,
        String path,
        String query,
        Map<String, String> headers,
        String body,
        int answeredStatus,
        Instant receivedAt) {

    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
