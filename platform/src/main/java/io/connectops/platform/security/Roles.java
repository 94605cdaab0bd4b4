package io.connectops.platform.security;

/**
 * The roles of design.md. Every endpoint names the roles it allows with {@code @RolesAllowed}; a token without
 * one of them gets a 403.
 */
public final class Roles {

    /** Reads everything. */
    public static final String VIEWER = "viewer";
    /** Works incidents: mitigations, root-cause analysis, acknowledgements. */
    public static final String INCIDENT_MANAGER = "incident-manager";
    /** Runs scheduling: agents, shift profiles, schedules, operational tasks, maintenance windows. */
    public static final String SUPERVISOR = "supervisor";
    /** Configures: rules, routes, channels, sources, silences. */
    public static final String ADMIN = "admin";
    /** Machine clients that push metrics. */
    public static final String INGEST = "ingest";
    /** The ServiceNow instance calling back with what changed on its records (business rule or Flow Designer). */
    public static final String SERVICENOW = "servicenow";

    private Roles() {
    }
}
