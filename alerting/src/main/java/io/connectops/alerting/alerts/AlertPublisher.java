package io.connectops.alerting.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The events of ops.alerts.v1: what a transition or an announcement tells subscribers, under which id, and the record
 * on the alert of what they were told. The only place alert events are built; both the recorder and the group
 * announcer publish through it.
 */
@ApplicationScoped
public class AlertPublisher {

    /** CloudEvent source of every event this service publishes. */
    public static final String SOURCE = EventSources.ALERTING;

    private final Counter published;

    @Inject
    GroupTimers timers;

    @Inject
    public AlertPublisher(MeterRegistry registry) {
        published = registry.counter("alerting.alerts.published");
    }

    /** The same transition (or announcement) always gets the same CloudEvent id: consumers drop a replay by it. */
    public static String eventIdOf(String fingerprint, String what, Instant at) {
        return UUID.nameUUIDFromBytes((fingerprint + '|' + what + '|' + at.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The event telling subscribers that {@code alert} is now in {@code state}, under {@code eventId}, for the outbox.
     * The alert remembers what was published; an announcement (of a firing group) also when. A repeat announcement
     * tells nothing new and is not counted as a publication.
     */
    public Outbox.Message publish(Alert alert, RuleSpec rule, AlertEvent.State state, Double value, String reason,
            Instant startsAt, Instant endsAt, String eventId, AlertEvent.Announcement announcement) {
        Instant now = Instant.now();
        AlertEvent event = new AlertEvent(alert.fingerprint, alert.groupKey, rule.id(), rule.name(), state,
                rule.severity(), alert.labels, value, rule.thresholdOrNull(), rule.summary(), rule.description(),
                rule.runbookUrl(), reason, startsAt, endsAt, timers.groupWait(rule), timers.groupInterval(rule),
                timers.repeatInterval(rule), announcement);
        alert.publishedState = state;
        if (announcement != null) {
            alert.announcedAt = now;
        }
        if (announcement != AlertEvent.Announcement.REPEAT) {
            published.increment();
        }
        return new Outbox.Message(Topics.ALERTS, alert.fingerprint,
                CloudEvent.of(eventId, SOURCE, event.type(), alert.fingerprint, now, event));
    }
}
