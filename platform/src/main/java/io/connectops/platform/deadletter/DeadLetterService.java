package io.connectops.platform.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.connectops.contracts.Actor;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;

/**
 * Lists, shows and redrives this service's dead letters. A redrive puts the record back on the topic it came from;
 * every consumer of that topic sees it again, and since consumers remember the events they applied, only those
 * that had not applied it act on it. Each redrive is recorded, so that redriving a whole topic skips what was
 * redriven before.
 */
@ApplicationScoped
public class DeadLetterService {

    private static final Logger LOG = Logger.getLogger(DeadLetterService.class);
    /** Most records one request redrives; a larger backlog is redriven in several requests. */
    static final int MAX_REDRIVE = 1000;

    @Inject
    DeadLetterTopics topics;

    @Inject
    DeadLetterStore store;

    @Inject
    EntityManager entityManager;

    @Transactional
    public List<DeadLetterView.Topic> topics() {
        List<DeadLetterView.Topic> views = new ArrayList<>();
        for (String topic : topics.all()) {
            Number redriven = (Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM dead_letter_redrive WHERE topic = ?1").setParameter(1, topic)
                    .getSingleResult();
            views.add(new DeadLetterView.Topic(topic, DeadLetterTopics.originOf(topic, null), store.count(topic),
                    redriven.longValue()));
        }
        return views;
    }

    @Transactional
    public Page<DeadLetterView.Record> list(String topic, PageRequest page) {
        requireOwned(topic);
        long total = store.count(topic);
        List<DeadLetterStore.Stored> stored = store.read(topic, page.offset(), page.size());
        Map<String, Object[]> redrives = redrivesOf(topic, stored);
        List<DeadLetterView.Record> items = stored.stream().map(r -> view(r, redrives.get(idOf(r)), false)).toList();
        return new Page<>(items, page.page(), page.size(), total);
    }

    @Transactional
    public DeadLetterView.Record one(String topic, int partition, long offset) {
        requireOwned(topic);
        DeadLetterStore.Stored record = store.one(topic, partition, offset);
        if (record == null) {
            throw ProblemException.notFound("Dead letter", topic + "/" + partition + "/" + offset);
        }
        return view(record, redrivesOf(topic, List.of(record)).get(idOf(record)), true);
    }

    /** Redrives one record, even when it was redriven before: the person asks for it. */
    @Transactional
    public DeadLetterView.Redrive redrive(String topic, int partition, long offset, Actor actor) {
        requireOwned(topic);
        DeadLetterStore.Stored record = store.one(topic, partition, offset);
        if (record == null) {
            throw ProblemException.notFound("Dead letter", topic + "/" + partition + "/" + offset);
        }
        putBack(record, actor);
        return new DeadLetterView.Redrive(topic, 1, 0, List.of(idOf(record)));
    }

    /** Redrives every record of the topic not redriven before, up to {@link #MAX_REDRIVE}. */
    @Transactional
    public DeadLetterView.Redrive redriveAll(String topic, Actor actor) {
        requireOwned(topic);
        List<DeadLetterStore.Stored> stored = store.read(topic, 0, MAX_REDRIVE);
        Map<String, Object[]> before = redrivesOf(topic, stored);
        List<String> redriven = new ArrayList<>();
        int skipped = 0;
        for (DeadLetterStore.Stored record : stored) {
            if (before.containsKey(idOf(record))) {
                skipped++;
                continue;
            }
            putBack(record, actor);
            redriven.add(idOf(record));
        }
        return new DeadLetterView.Redrive(topic, redriven.size(), skipped, redriven);
    }

    private void putBack(DeadLetterStore.Stored record, Actor actor) {
        String origin = DeadLetterTopics.originOf(record.topic(), record.headers().get("dead-letter-topic"));
        try {
            store.putBack(record, origin);
        } catch (Exception e) {
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "Kafka did not take the record back on " + origin + "; retry later", null, null);
        }
        entityManager.createNativeQuery("INSERT INTO dead_letter_redrive (topic, partition_no, record_offset, "
                + "redriven_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (topic, partition_no, record_offset) "
                + "DO UPDATE SET redriven_at = now(), redriven_by = EXCLUDED.redriven_by")
                .setParameter(1, record.topic()).setParameter(2, record.partition())
                .setParameter(3, record.offset()).setParameter(4, actor.id())
                .executeUpdate();
        LOG.infof("Dead letter %s redriven to %s by %s", idOf(record), origin, actor.id());
    }

    private void requireOwned(String topic) {
        if (!topics.owns(topic)) {
            throw ProblemException.notFound("Dead-letter topic", topic);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object[]> redrivesOf(String topic, List<DeadLetterStore.Stored> records) {
        Map<String, Object[]> found = new HashMap<>();
        if (records.isEmpty()) {
            return found;
        }
        List<Object[]> rows = entityManager.createNativeQuery("SELECT partition_no, record_offset, redriven_at, "
                + "redriven_by FROM dead_letter_redrive WHERE topic = ?1 AND record_offset BETWEEN ?2 AND ?3")
                .setParameter(1, topic)
                .setParameter(2, records.stream().mapToLong(DeadLetterStore.Stored::offset).min().orElse(0))
                .setParameter(3, records.stream().mapToLong(DeadLetterStore.Stored::offset).max().orElse(0))
                .getResultList();
        for (Object[] row : rows) {
            found.put(topic + "/" + ((Number) row[0]).intValue() + "/" + ((Number) row[1]).longValue(), row);
        }
        return found;
    }

    private static String idOf(DeadLetterStore.Stored record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static DeadLetterView.Record view(DeadLetterStore.Stored record, Object[] redrive, boolean withPayload) {
        Map<String, String> headers = record.headers();
        Instant redrivenAt = redrive == null ? null : toInstant(redrive[2]);
        return new DeadLetterView.Record(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), headers.get("ce_id"), headers.get("ce_type"), headers.get("dead-letter-reason"),
                headers.get("dead-letter-cause"),
                DeadLetterTopics.originOf(record.topic(), headers.get("dead-letter-topic")), redrivenAt,
                redrive == null ? null : (String) redrive[3], withPayload ? record.value() : null);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return null;
    }
}
