package io.connectops.notifications.intake;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.content.ContentRenderer;
import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.conversations.Conversations;
import io.connectops.notifications.routing.RoutableEvent;
import io.connectops.notifications.routing.Route;
import io.connectops.notifications.routing.RouteMatcher;
import io.connectops.notifications.routing.RouteTargets;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.webhook.WebhookFormat;

/**
 * Turns a notice into deliveries: the routes pick channels, and one delivery per channel is stored under the key
 * event id + channel. Storing it is the promise to send it; a redelivered event finds its keys taken and adds
 * nothing.
 */
@ApplicationScoped
public class NotificationPlanner {

    /** The same insert in JDBC's numbered form, for an event's deliveries sent as one batch. */
    private static final String BATCH_INSERT = "INSERT INTO delivery (id, idempotency_key, source_event_id,"
            + " source_event_type, event_time, incident_id, thread_key, severity, payload, channel_id, channel_type,"
            + " route_id, status, attempts, max_attempts, next_attempt_at, conversation) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";

    /** One delivery an event's plan stores. */
    private record Planned(String idempotencyKey, String threadKey, Channel channel, UUID routeId, Instant due,
            String conversation) {
    }

    private static final String INSERT = "INSERT INTO delivery (id, idempotency_key, source_event_id, source_event_type,"
            + " event_time, incident_id, thread_key, severity, payload, channel_id, channel_type, route_id, status,"
            + " attempts, max_attempts, next_attempt_at, conversation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
            + " ?11, ?12, 'PENDING', 0, ?13, ?14, ?15) ON CONFLICT (idempotency_key) DO NOTHING";

    @Inject
    EntityManager entityManager;

    @Inject
    NotificationsConfig config;

    @Inject
    RouteTargets routeTargets;

    @Inject
    Conversations conversations;

    /** The channels whose messages form conversations (threads, card series) shared by an alert group or incident. */
    private static final Set<ChannelType> CHAT = Set.of(ChannelType.SLACK, ChannelType.TEAMS);

    /**
     * How long an alert waits for the rest of its group's announcement before an Alertmanager-format webhook sends
     * the group: alerting publishes an announcement's alerts one event each, moments apart, on several partitions.
     */
    static final Duration GROUP_WINDOW = Duration.ofSeconds(1);

    /** A webhook channel that speaks Alertmanager's format, whose receivers expect one request per alert group. */
    private static boolean sendsAlertGroups(Channel channel) {
        return channel.type == ChannelType.WEBHOOK && channel.settings != null
                && WebhookFormat.of(channel.settings.get("format")) == WebhookFormat.ALERTMANAGER;
    }

    /** @return how many new deliveries were stored */
    @Transactional(Transactional.TxType.MANDATORY)
    public int plan(RoutableEvent notice) {
        Instant now = Instant.now();
        List<Planned> planned = new ArrayList<>();
        // Conversations are remembered whether or not a route takes the event: a later event finds them.
        Object event = notice.alertState() != null || notice.incidentId() != null
                ? ContentRenderer.event(notice.eventType(), notice.payload()) : null;
        String groupConversation = null;
        if (event instanceof AlertEvent alert) {
            groupConversation = conversations.recordAlert(alert, now);
        } else if (event instanceof IncidentEvent incident) {
            conversations.recordIncident(incident, now);
        }
        Map<Channel, Route> targets = routeTargets.of(notice);
        Set<UUID> toldNow = notice.alertState() == null ? Set.of() : alertNewsTo(targets, notice, now);
        for (Map.Entry<Channel, Route> target : targets.entrySet()) {
            Channel channel = target.getKey();
            Route route = target.getValue();
            if (notice.alertState() != null && !toldNow.contains(channel.id)) {
                continue;
            }
            if (route.digest) {
                collectForDigest(notice, channel, route);
                continue;
            }
            Instant due = RouteMatcher.notBefore(route, notice.severity(), now);
            String threadKey = notice.threadKey();
            String role = null;
            if (CHAT.contains(channel.type) && event instanceof AlertEvent alert) {
                Conversations.Placement placement = conversations.placeAlert(channel.id, alert, groupConversation,
                        route.separateAlertMessages);
                threadKey = placement.threadKey();
                role = placement.role().name();
            } else if (CHAT.contains(channel.type) && event instanceof IncidentEvent incident) {
                threadKey = conversations.placeIncident(channel.id, incident);
            } else if (event instanceof AlertEvent alert && sendsAlertGroups(channel)) {
                // Alertmanager's receivers get one request per group: the alerts of an announcement stored within
                // the window go out together (the first request carries the group, the others are covered by it).
                threadKey = groupConversation;
                role = alert.state() == AlertEvent.State.FIRING && alert.announcement() == AlertEvent.Announcement.NEW
                        ? Conversations.Role.GROUP_NEW.name() : Conversations.Role.GROUP_CHANGE.name();
                Instant gathered = now.plus(GROUP_WINDOW);
                due = due.isBefore(gathered) ? gathered : due;
            }
            planned.add(new Planned(notice.eventId() + "/" + channel.id, threadKey, channel, route.id, due, role));
        }
        return storeAll(notice, planned);
    }

    /**
     * Stores an event's deliveries in one batch, in plan order (their {@code seq} follows it), each unless its key is
     * taken. Safe to defer to the end of the plan: what the plan reads about a channel's conversations is that
     * channel's alone, read before its own delivery was stored as it was before. No flush: no entity is read.
     */
    private int storeAll(RoutableEvent notice, List<Planned> planned) {
        if (planned.isEmpty()) {
            return 0;
        }
        int[] counts = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(BATCH_INSERT)) {
                for (Planned delivery : planned) {
                    int i = 1;
                    insert.setObject(i++, UUID.randomUUID());
                    insert.setString(i++, delivery.idempotencyKey());
                    insert.setString(i++, notice.eventId());
                    insert.setString(i++, notice.eventType());
                    insert.setObject(i++, OffsetDateTime.ofInstant(notice.occurredAt(), ZoneOffset.UTC));
                    insert.setString(i++, notice.incidentId());
                    insert.setString(i++, delivery.threadKey());
                    insert.setString(i++, notice.severity() == null ? null : notice.severity().name());
                    insert.setString(i++, notice.payload());
                    insert.setObject(i++, delivery.channel().id);
                    insert.setString(i++, delivery.channel().type.name());
                    insert.setObject(i++, delivery.routeId());
                    insert.setInt(i++, config.retry().maxAttempts());
                    insert.setObject(i++, OffsetDateTime.ofInstant(delivery.due(), ZoneOffset.UTC));
                    insert.setString(i++, delivery.conversation());
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });
        int stored = 0;
        for (int count : counts) {
            // A driver that rewrites batches reports no count per row (SUCCESS_NO_INFO): counted as stored, which
            // only wakes the dispatcher once more than needed.
            stored += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
        }
        return stored;
    }

    /** Stores one delivery unless its idempotency key is taken; 1 when stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int store(String idempotencyKey, String eventId, String eventType, Instant eventTime, String incidentId,
            String threadKey, String severity, String payload, Channel channel, UUID routeId, Instant due) {
        return store(idempotencyKey, eventId, eventType, eventTime, incidentId, threadKey, severity, payload, channel,
                routeId, due, null);
    }

    private int store(String idempotencyKey, String eventId, String eventType, Instant eventTime, String incidentId,
            String threadKey, String severity, String payload, Channel channel, UUID routeId, Instant due,
            String conversation) {
        // No flush first: the insert reads no entity, and an automatic flush before every native statement
        // dirty-checked every route and channel the routing had loaded, once per target channel.
        return entityManager.createNativeQuery(INSERT)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, idempotencyKey)
                .setParameter(3, eventId)
                .setParameter(4, eventType)
                .setParameter(5, Timestamp.from(eventTime))
                .setParameter(6, incidentId)
                .setParameter(7, threadKey)
                .setParameter(8, severity)
                .setParameter(9, payload)
                .setParameter(10, channel.id)
                .setParameter(11, channel.type.name())
                .setParameter(12, routeId)
                .setParameter(13, config.retry().maxAttempts())
                .setParameter(14, Timestamp.from(due))
                .setParameter(15, conversation)
                .executeUpdate();
    }

    /** Keeps the notice's one-line summary for the channel's next digest (a redelivered event adds nothing). */
    private void collectForDigest(RoutableEvent notice, Channel channel, Route route) {
        MessageContent content = ContentRenderer.render(ContentRenderer.event(notice.eventType(), notice.payload()));
        entityManager.createNativeQuery("INSERT INTO digest_item (id, idempotency_key, channel_id, route_id,"
                + " source_event_id, source_event_type, severity, headline, status_line, event_time)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (idempotency_key) DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, notice.eventId() + "/" + channel.id)
                .setParameter(3, channel.id)
                .setParameter(4, route.id)
                .setParameter(5, notice.eventId())
                .setParameter(6, notice.eventType())
                .setParameter(7, notice.severity() == null ? null : notice.severity().name())
                .setParameter(8, content.headline())
                .setParameter(9, content.statusLine())
                .setParameter(10, Timestamp.from(notice.occurredAt()))
                .executeUpdate();
    }

    /**
     * Alertmanager's dedup per channel and alert ({@link AlertRepeat}), remembered in {@code alert_notification}: the
     * channels the alert's change is news to (its state changed since they were last told, or their route's repeat
     * interval passed), each noted as told now unless the alert is only pending. One locked read and one
     * batched write for all the routes' channels: an alert routed to a hundred channels took two statements each.
     * The rows are locked in channel order, so that two replicas planning one alert's events wait rather than
     * deadlock, and the second sees what the first noted.
     */
    private Set<UUID> alertNewsTo(Map<Channel, Route> targets, RoutableEvent notice, Instant now) {
        if (targets.isEmpty()) {
            return Set.of();
        }
        String fingerprint = notice.threadKey();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<UUID, String> lastState = new HashMap<>();
            Map<UUID, Instant> lastNotified = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT channel_id, state, notified_at"
                    + " FROM alert_notification WHERE fingerprint = ? AND channel_id = ANY(?)"
                    + " ORDER BY channel_id FOR UPDATE")) {
                select.setString(1, fingerprint);
                select.setArray(2, connection.createArrayOf("uuid",
                        targets.keySet().stream().map(channel -> channel.id).toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UUID channelId = rows.getObject(1, UUID.class);
                        lastState.put(channelId, rows.getString(2));
                        lastNotified.put(channelId, rows.getObject(3, OffsetDateTime.class).toInstant());
                    }
                }
            }
            Set<UUID> news = new HashSet<>();
            for (Map.Entry<Channel, Route> target : targets.entrySet()) {
                UUID channelId = target.getKey().id;
                if (AlertRepeat.needsNotice(notice.alertState(), lastState.get(channelId),
                        lastNotified.get(channelId), target.getValue().repeatIntervalOrNull(), now)) {
                    news.add(channelId);
                }
            }
            if (!news.isEmpty() && notice.alertState() != AlertEvent.State.PENDING) {
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO alert_notification"
                        + " (channel_id, fingerprint, state, notified_at) SELECT unnest(?::uuid[]), ?, ?, ?"
                        + " ON CONFLICT (channel_id, fingerprint)"
                        + " DO UPDATE SET state = EXCLUDED.state, notified_at = EXCLUDED.notified_at")) {
                    upsert.setArray(1, connection.createArrayOf("uuid", news.stream().sorted().toArray()));
                    upsert.setString(2, fingerprint);
                    upsert.setString(3, notice.alertState().name());
                    upsert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    upsert.executeUpdate();
                }
            }
            return news;
        });
    }
}
