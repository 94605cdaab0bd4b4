package io.connectops.notifications.security;

/**
 * Roles of notifications that platform's {@code Roles} does not (yet) name. To be replaced by
 * {@code Roles.SERVICENOW} once platform has it.
 */
public final class NotificationRoles {

    /**
     * The ServiceNow instance's machine client, which calls back when a record changes there. Its own role, not
     * {@code ingest}: a metrics pusher must not be able to write incident timelines.
     */
    public static final String SERVICENOW = "servicenow";

    private NotificationRoles() {
    }
}
