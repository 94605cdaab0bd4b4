package io.connectops.notifications.routing;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.connectops.contracts.Severity;

/**
 * An event as the route test imagines it ({@code connectops routes test}): which channels would it reach?
 *
 * @param eventType a CloudEvent type, e.g. {@code connectops.incident.opened.v1}
 */
public record RouteTestDraft(
        @NotBlank @Size(max = 200) String eventType,
        Severity severity,
        @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @NotBlank @Size(max = 500) String> labels,
        @Size(max = 50) List<@NotBlank @Size(max = 200) String> queues) {
}
