package io.connectops.incidents.service;

import io.connectops.incidents.domain.Incident;

/** An incident as read, with the version of its row at that read ({@link IncidentVersion}). */
public record VersionedIncident(Incident incident, long version) {
}
