package io.connectops.incidents.service;

import java.util.UUID;

/** Which incident a row is and the version of its row ({@link IncidentStore}'s xmin): a new one on every change. */
public record IncidentVersion(UUID id, long version) {
}
