package io.connectops.notifications.conversations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.content.AlertGroup;
import io.connectops.notifications.content.ContentRenderer;

/**
 * Which conversation a message belongs to on a chat channel (Slack, Teams): the alerts of one group share one, and an
 * alert that opened or joined an incident speaks in the incident's. An incident whose alerts already have a group
 * conversation on a channel takes it over (its parent becomes the incident's), so a P2 is one thread there, not an
 * alert thread beside an incident thread. The receivers' handles stay in {@code thread_state}, under the keys chosen
 * here: {@code group:<group key>#<episode>}, {@code separate:group:…} for routes that keep alerts apart,
 * {@code incident:<id>}.
 */
@ApplicationScoped
public class Conversations {

    public static final String GROUP = "group:";
    public static final String SEPARATE = "separate:";
    public static final String INCIDENT = "incident:";

    /** How a delivery takes part in its conversation ({@code delivery.conversation}). */
    public enum Role {
        /** A firing alert of its group's announcement: the group's parent message lists it. */
        GROUP_NEW,
        /** A later change of the group (a new alert, a resolution, a repeat): a reply, and the parent updated. */
        GROUP_CHANGE,
        /** An alert of an incident: a reply in the incident's conversation, whose parent stays the incident's. */
        INCIDENT_REPLY
    }

    /** Where one delivery goes: the conversation's key and its role in it. */
    public record Placement(String threadKey, Role role) {
    }

    /** A conversation on one channel. */
    public record Place(UUID channelId, String threadKey) {
    }

    /**
     * A delivery about to send its group as it is now, covering the deliveries of the conversation behind it (seq
     * after its own). {@code announcementOnly}: only the alerts of an announcement (a chat parent lists them; later
     * changes still reply), else every change (a webhook sends the whole group each time).
     */
    public record Cover(UUID deliveryId, UUID channelId, String threadKey, long seq, boolean announcementOnly) {
    }

    @Inject
    EntityManager entityManager;

    /** An alert's group: alerting's group key, or the alert alone when it has none. */
    public static String groupOf(AlertEvent alert) {
        String group = alert.groupKey() != null && !alert.groupKey().isBlank() ? alert.groupKey()
                : "alert:" + alert.fingerprint();
        // Conversation keys are at most 300 characters; a longer group key is known by its hash.
        return group.length() <= 200 ? group : "sha256:" + sha256(group);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Remembers a firing or resolved alert in its group and answers the group's conversation key. A group that fires
     * again once all its alerts were resolved starts a new episode, hence a new parent message. The group's row is
     * locked, so that replicas taking alerts of one group at once agree on the episode.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String recordAlert(AlertEvent alert, Instant now) {
        String group = groupOf(alert);
        entityManager.createNativeQuery("INSERT INTO alert_group (group_key, episode, episode_started_at)"
                + " VALUES (?1, 1, ?2) ON CONFLICT (group_key) DO NOTHING")
                .setParameter(1, group).setParameter(2, Timestamp.from(now)).executeUpdate();
        int episode = ((Number) entityManager.createNativeQuery(
                "SELECT episode FROM alert_group WHERE group_key = ?1 FOR UPDATE")
                .setParameter(1, group).getSingleResult()).intValue();
        if (alert.state() == AlertEvent.State.PENDING) {
            return key(group, episode);
        }
        if (alert.state() == AlertEvent.State.FIRING) {
            Object[] counts = (Object[]) entityManager.createNativeQuery("SELECT count(*),"
                    + " count(*) FILTER (WHERE state = 'FIRING') FROM alert_group_member WHERE group_key = ?1")
                    .setParameter(1, group).getSingleResult();
            if (((Number) counts[0]).longValue() > 0 && ((Number) counts[1]).longValue() == 0) {
                episode++;
                entityManager.createNativeQuery("UPDATE alert_group SET episode = ?2, episode_started_at = ?3"
                        + " WHERE group_key = ?1")
                        .setParameter(1, group).setParameter(2, episode).setParameter(3, Timestamp.from(now))
                        .executeUpdate();
            }
        }
        entityManager.createNativeQuery("INSERT INTO alert_group_member (group_key, fingerprint, state, payload,"
                + " changed_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (group_key, fingerprint) DO UPDATE"
                + " SET state = EXCLUDED.state, payload = EXCLUDED.payload, changed_at = EXCLUDED.changed_at")
                .setParameter(1, group).setParameter(2, alert.fingerprint()).setParameter(3, alert.state().name())
                .setParameter(4, json(alert)).setParameter(5, Timestamp.from(now)).executeUpdate();
        return key(group, episode);
    }

    /**
     * Remembers which incident each of the event's alerts belongs to; a closed or cancelled incident lets go of its
     * alerts, so that they speak in their group's conversation again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordIncident(IncidentEvent incident, Instant now) {
        if (incident.change() == IncidentEvent.Change.CLOSED || incident.change() == IncidentEvent.Change.CANCELLED) {
            entityManager.createNativeQuery("DELETE FROM alert_incident WHERE incident_id = ?1")
                    .setParameter(1, incident.incidentId()).executeUpdate();
            return;
        }
        for (String fingerprint : incident.alertFingerprints()) {
            entityManager.createNativeQuery("INSERT INTO alert_incident (fingerprint, incident_id, attached_at)"
                    + " VALUES (?1, ?2, ?3) ON CONFLICT (fingerprint) DO UPDATE SET incident_id = EXCLUDED.incident_id,"
                    + " attached_at = EXCLUDED.attached_at WHERE alert_incident.incident_id <> EXCLUDED.incident_id")
                    .setParameter(1, fingerprint).setParameter(2, incident.incidentId())
                    .setParameter(3, Timestamp.from(now)).executeUpdate();
        }
    }

    /**
     * The conversation of an alert on a chat channel: its incident's, when it belongs to an incident that speaks on
     * this channel (unless the route keeps alerts apart), else its group's ({@code groupConversation}, from
     * {@link #recordAlert}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Placement placeAlert(UUID channelId, AlertEvent alert, String groupConversation, boolean separate) {
        Role groupRole = alert.state() == AlertEvent.State.FIRING
                && alert.announcement() == AlertEvent.Announcement.NEW ? Role.GROUP_NEW : Role.GROUP_CHANGE;
        if (separate) {
            return new Placement(SEPARATE + groupConversation, groupRole);
        }
        List<?> incident = entityManager.createNativeQuery("SELECT c.thread_key FROM alert_incident a"
                + " JOIN incident_conversation c ON c.incident_id = a.incident_id AND c.channel_id = ?2"
                + " WHERE a.fingerprint = ?1")
                .setParameter(1, alert.fingerprint()).setParameter(2, channelId).getResultList();
        if (!incident.isEmpty()) {
            return new Placement((String) incident.get(0), Role.INCIDENT_REPLY);
        }
        return new Placement(groupConversation, groupRole);
    }

    /**
     * The conversation of an incident on a chat channel, chosen at its first message there: the current
     * conversation of one of its alerts' groups on this channel that no incident took yet (the oldest), else its
     * own.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String placeIncident(UUID channelId, IncidentEvent incident) {
        List<?> known = entityManager.createNativeQuery("SELECT thread_key FROM incident_conversation"
                + " WHERE channel_id = ?1 AND incident_id = ?2")
                .setParameter(1, channelId).setParameter(2, incident.incidentId()).getResultList();
        if (!known.isEmpty()) {
            return (String) known.get(0);
        }
        String threadKey = INCIDENT + incident.incidentId();
        if (!incident.alertFingerprints().isEmpty()) {
            List<?> groups = entityManager.createNativeQuery("SELECT d.thread_key FROM delivery d"
                    + " WHERE d.channel_id = :channel AND d.thread_key IN (SELECT :prefix || m.group_key || '#' || g.episode"
                    + "   FROM alert_group_member m JOIN alert_group g ON g.group_key = m.group_key"
                    + "   WHERE m.fingerprint IN (:fingerprints))"
                    + " AND NOT EXISTS (SELECT 1 FROM incident_conversation c WHERE c.channel_id = d.channel_id"
                    + "   AND c.thread_key = d.thread_key)"
                    + " ORDER BY d.seq LIMIT 1")
                    .setParameter("channel", channelId).setParameter("prefix", GROUP)
                    .setParameter("fingerprints", incident.alertFingerprints()).getResultList();
            if (!groups.isEmpty()) {
                threadKey = (String) groups.get(0);
            }
        }
        entityManager.createNativeQuery("INSERT INTO incident_conversation (channel_id, incident_id, thread_key)"
                + " VALUES (?1, ?2, ?3) ON CONFLICT (channel_id, incident_id) DO NOTHING")
                .setParameter(1, channelId).setParameter(2, incident.incidentId()).setParameter(3, threadKey)
                .executeUpdate();
        return threadKey;
    }

    /** The conversation key of an incident on a channel (the group's it took over, or its own). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String incidentThreadKey(UUID channelId, String incidentId) {
        List<?> known = entityManager.createNativeQuery("SELECT thread_key FROM incident_conversation"
                + " WHERE channel_id = ?1 AND incident_id = ?2")
                .setParameter(1, channelId).setParameter(2, incidentId).getResultList();
        return known.isEmpty() ? INCIDENT + incidentId : (String) known.get(0);
    }

    /**
     * The incidents whose conversations these are, by place; a place that is no incident's conversation is absent.
     * One query for a claim round's deliveries, however many channels they go to.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Place, String> incidentsOf(Set<Place> places) {
        if (places.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT channel_id, thread_key, incident_id"
                + " FROM incident_conversation WHERE channel_id IN (:channels) AND thread_key IN (:keys)")
                .setParameter("channels", places.stream().map(Place::channelId).distinct().toList())
                .setParameter("keys", places.stream().map(Place::threadKey).distinct().toList())
                .getResultList();
        Map<Place, String> found = new HashMap<>();
        for (Object[] row : rows) {
            Place place = new Place(row[0] instanceof UUID id ? id : UUID.fromString(row[0].toString()),
                    (String) row[1]);
            // The query crosses the channels with the keys; only the places asked about count.
            if (places.contains(place)) {
                found.put(place, (String) row[2]);
            }
        }
        return found;
    }

    /** The headline of the incident's latest message on the channel, naming the series its alerts' cards join. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String incidentHeadline(UUID channelId, String incidentId) {
        List<?> found = entityManager.createNativeQuery("SELECT source_event_type, payload FROM delivery"
                + " WHERE channel_id = ?1 AND incident_id = ?2 AND source_event_type LIKE 'connectops.incident.%'"
                + " ORDER BY seq DESC LIMIT 1")
                .setParameter(1, channelId).setParameter(2, incidentId).getResultList();
        if (found.isEmpty()) {
            return "Incident " + incidentId;
        }
        Object[] row = (Object[]) found.get(0);
        return ContentRenderer.render(ContentRenderer.event((String) row[0], (String) row[1])).headline();
    }

    /**
     * A group conversation's alerts now: those firing, and those resolved since its episode began. Null for a key
     * that is no group conversation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AlertGroup groupOfConversation(String threadKey) {
        String key = threadKey.startsWith(SEPARATE) ? threadKey.substring(SEPARATE.length()) : threadKey;
        int hash = key.lastIndexOf('#');
        if (!key.startsWith(GROUP) || hash < 0) {
            return null;
        }
        return group(key.substring(GROUP.length(), hash));
    }

    /** A group's alerts now (firing, and resolved in its current episode), oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AlertGroup group(String group) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT m.state, m.payload FROM alert_group_member m"
                + " JOIN alert_group g ON g.group_key = m.group_key WHERE m.group_key = ?1"
                + " AND (m.state = 'FIRING' OR m.changed_at >= g.episode_started_at)"
                + " ORDER BY m.changed_at, m.fingerprint")
                .setParameter(1, group).getResultList();
        List<AlertEvent> firing = new ArrayList<>();
        List<AlertEvent> resolved = new ArrayList<>();
        for (Object[] row : rows) {
            AlertEvent alert = read((String) row[1]);
            ("FIRING".equals(row[0]) ? firing : resolved).add(alert);
        }
        return new AlertGroup(group, firing, resolved);
    }

    /**
     * Marks the deliveries of each group waiting behind the one about to send the group as it is now: it carries their
     * alerts (their rows were committed with them, before this), so once it is delivered they have nothing left to
     * say. A claim round's covers are one statement; the group must be read after it, for the message to list every
     * alert it covers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cover(List<Cover> covers) {
        if (covers.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE delivery d SET covered_by = c.id"
                    + " FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::bigint[], ?::boolean[])"
                    + "   AS c(id, channel_id, thread_key, seq, announcement_only)"
                    + " WHERE d.channel_id = c.channel_id AND d.thread_key = c.thread_key AND d.seq > c.seq"
                    + " AND (d.conversation = 'GROUP_NEW' OR (NOT c.announcement_only AND d.conversation = 'GROUP_CHANGE'))"
                    + " AND d.status IN ('PENDING', 'RETRYING')")) {
                update.setArray(1, connection.createArrayOf("uuid", covers.stream().map(Cover::deliveryId).toArray()));
                update.setArray(2, connection.createArrayOf("uuid", covers.stream().map(Cover::channelId).toArray()));
                update.setArray(3, connection.createArrayOf("text", covers.stream().map(Cover::threadKey).toArray()));
                update.setArray(4, connection.createArrayOf("int8", covers.stream().map(Cover::seq).toArray()));
                update.setArray(5, connection.createArrayOf("bool",
                        covers.stream().map(Cover::announcementOnly).toArray()));
                update.executeUpdate();
            }
        });
    }

    private static String key(String group, int episode) {
        return GROUP + group + "#" + episode;
    }

    private static String json(AlertEvent alert) {
        try {
            return EventCodec.mapper().writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new EventCodec.MalformedEventException(e.getOriginalMessage());
        }
    }

    private static AlertEvent read(String payload) {
        return (AlertEvent) ContentRenderer.event(AlertEvent.typeOf(AlertEvent.State.FIRING), payload);
    }
}
