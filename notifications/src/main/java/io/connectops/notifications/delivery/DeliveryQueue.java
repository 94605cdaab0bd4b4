package io.connectops.notifications.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.connectops.contracts.DeliveryEvent;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.content.ContentRenderer;
import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.conversations.Conversations;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The delivery queue in the database: claiming due deliveries (SKIP LOCKED, only the oldest unsent one of each
 * conversation on each channel, so that an incident's messages arrive in order), recording each attempt, backing
 * off, dead-lettering after the budget, and publishing outcomes on {@code ops.deliveries.v1} through the outbox.
 */
@ApplicationScoped
public class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);

    @Inject
    NotificationsConfig config;

    @Inject
    DeliveryEvents events;

    @Inject
    CircuitBreakers breakers;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    Acknowledgements acknowledgements;

    @Inject
    Conversations conversations;

    @Inject
    DeliveryStore store;

    @Inject
    EntityManager entityManager;

    /** What one claim round hands the worker. */
    public record Claimed(List<SendJob> jobs, Set<UUID> channelsWithCircuit) {
    }

    /**
     * Claims up to {@code max} due deliveries for this instance until {@code claimedUntil}, leaving alone the
     * channels whose circuits are open (their deliveries would only be put back, and crowd out the others) and those
     * with no free sending slot until after {@code pacedUntil} (likewise), and loads what their senders need in the same
     * transaction. Deliveries with nothing left to send are settled on the way.
     */
    @Transactional
    public Claimed claim(int max, Instant claimedUntil, Instant pacedUntil) {
        // A claim only reads entities (its writes are the store's statements): loaded read-only and never flushed,
        // they are not dirty-checked. Otherwise each native query of the round (acknowledgements, conversations)
        // flushed first, comparing every loaded channel's settings and every delivery by value, once per group read
        // and again at commit.
        Session session = entityManager.unwrap(Session.class);
        session.setDefaultReadOnly(true);
        session.setHibernateFlushMode(FlushMode.MANUAL);
        List<UUID> ids = store.claimable(max, pacedUntil);
        if (ids.isEmpty()) {
            return new Claimed(List.of(), Set.of());
        }
        store.markClaimed(ids, claimedUntil);
        Map<UUID, Delivery> byId = new HashMap<>();
        for (Delivery delivery : Delivery.<Delivery>list("id in ?1", ids)) {
            byId.put(delivery.id, delivery);
        }
        // The claim's channels in one query, not one look-up each.
        Map<UUID, Channel> channels = new HashMap<>();
        for (Channel channel : Channel.<Channel>list("id in ?1",
                byId.values().stream().map(delivery -> delivery.channelId).distinct().toList())) {
            channels.put(channel.id, channel);
        }
        // Likewise the conversations' handles and the incidents acknowledged: one query each for the whole claim.
        Map<ThreadState.Key, ThreadState> threads = new HashMap<>();
        List<String> threadKeys = byId.values().stream().map(delivery -> delivery.threadKey).filter(Objects::nonNull)
                .distinct().toList();
        for (ThreadState thread : channels.isEmpty() || threadKeys.isEmpty() ? List.<ThreadState>of()
                : ThreadState.<ThreadState>list("channelId in ?1 and threadKey in ?2", List.copyOf(channels.keySet()),
                        threadKeys)) {
            threads.put(new ThreadState.Key(thread.channelId, thread.threadKey), thread);
        }
        Set<String> acknowledged = acknowledgements.acknowledgedAmong(
                byId.values().stream().map(delivery -> delivery.incidentId).filter(Objects::nonNull)
                        .distinct().toList());
        Map<UUID, Delivery> covers = deliveredCovers(byId.values());
        // An event goes to many channels at once: its deliveries share one reading and rendering of it.
        Map<String, Rendered> renderedByPayload = new HashMap<>();
        List<Draft> drafts = new ArrayList<>();
        for (UUID id : ids) {
            Delivery delivery = byId.get(id);
            if (delivery == null) {
                continue;
            }
            Channel channel = channels.get(delivery.channelId);
            if (!sendable(delivery, channel)) {
                continue;
            }
            Rendered rendered = rendered(delivery, renderedByPayload);
            if (rendered == null) {
                continue;
            }
            Delivery cover = delivery.coveredBy == null ? null : covers.get(delivery.coveredBy);
            if (cover != null) {
                settle(DeliveryStore.Row.of(delivery), SendResult.delivered(null, cover.externalRef, null,
                        channel.type == ChannelType.WEBHOOK
                        ? "Sent with the group's notification of delivery " + cover.id
                        : "Listed in the group's first message"), Instant.now(), 0, false);
                continue;
            }
            drafts.add(new Draft(delivery, channel, rendered, threads.get(new ThreadState.Key(channel.id,
                    delivery.threadKey)), delivery.incidentId != null && acknowledged.contains(delivery.incidentId)));
        }
        Map<UUID, SendJob.Conversation> conversationsById = conversations(drafts);
        List<SendJob> jobs = new ArrayList<>();
        for (Draft draft : drafts) {
            jobs.add(draft.job(conversationsById.get(draft.delivery().id)));
        }
        Set<UUID> withCircuit = jobs.isEmpty() ? Set.of() : store.withCircuit(List.copyOf(channels.keySet()));
        return new Claimed(jobs, withCircuit);
    }

    /** A claimed delivery that has something to send, before its conversation is decided. */
    private record Draft(Delivery delivery, Channel channel, Rendered rendered, ThreadState thread,
            boolean acknowledged) {

        SendJob job(SendJob.Conversation conversation) {
            return new SendJob(delivery.id, delivery.idempotencyKey, delivery.sourceEventId, delivery.sourceEventType,
                    delivery.threadKey, rendered.event(), rendered.content(), channel.snapshot(),
                    thread == null ? null
                    : new SendJob.Thread(thread.externalChannel, thread.parentRef, thread.externalNumber),
                    delivery.sendStartedAt, acknowledged, delivery.eventTime, conversation);
        }
    }

    /** An event as read from a delivery's payload, and its message. */
    private record Rendered(Object event, MessageContent content) {
    }

    /** False, with the delivery settled, when its channel can take nothing now. */
    private boolean sendable(Delivery delivery, Channel channel) {
        if (channel == null || !channel.enabled) {
            settle(DeliveryStore.Row.of(delivery), SendResult.failed(null,
                    channel == null ? "Channel was deleted" : "Channel is disabled"), Instant.now(), 0, false);
            return false;
        }
        if (channel.secretsUnreadable()) {
            // Only this channel waits: its deliveries back off and are retried (and dead-lettered after the budget,
            // to be retried by hand) until an admin gives the secrets again.
            settle(DeliveryStore.Row.of(delivery), SendResult.retry(null, Channel.UNREADABLE, null), Instant.now(), 0,
                    true);
            return false;
        }
        return true;
    }

    /** The delivery's event and message, or null (the delivery settled as failed) when it cannot be rendered. */
    private Rendered rendered(Delivery delivery, Map<String, Rendered> renderedByPayload) {
        Rendered known = renderedByPayload.get(delivery.payload);
        if (known != null) {
            return known;
        }
        try {
            Object event = ContentRenderer.event(delivery.sourceEventType, delivery.payload);
            Rendered rendered = new Rendered(event, ContentRenderer.render(event));
            renderedByPayload.put(delivery.payload, rendered);
            return rendered;
        } catch (RuntimeException e) {
            settle(DeliveryStore.Row.of(delivery), SendResult.failed(null, "Cannot render the event: " + e.getMessage()),
                    Instant.now(), 0, false);
            return null;
        }
    }

    /**
     * The delivered messages that already said what these deliveries would say (a group's parent that lists an
     * alert, a group notification that carried its alert's state), by id.
     */
    private static Map<UUID, Delivery> deliveredCovers(Collection<Delivery> deliveries) {
        List<UUID> coverIds = deliveries.stream().map(delivery -> delivery.coveredBy).filter(Objects::nonNull)
                .distinct().toList();
        Map<UUID, Delivery> covers = new HashMap<>();
        if (!coverIds.isEmpty()) {
            for (Delivery cover : Delivery.<Delivery>list("id in ?1 and status = ?2", coverIds,
                    DeliveryStatus.DELIVERED)) {
                covers.put(cover.id, cover);
            }
        }
        return covers;
    }

    /**
     * How each alert message of the round takes part in its conversation, decided now rather than when it was
     * planned: a group conversation an incident took over since is the incident's, whose parent the alert leaves
     * alone. The message that posts a group's parent lists the group as it is now, and so covers the announcement's
     * alerts behind it. Every cover of the round is written before any group is read: each marks deliveries committed
     * with their alerts' rows, so the group read after it lists those alerts. A group is read and its parent rendered
     * once a round, however many channels it goes to. Deliveries outside any conversation are absent.
     */
    private Map<UUID, SendJob.Conversation> conversations(List<Draft> drafts) {
        List<Draft> talking = drafts.stream().filter(draft -> draft.delivery().conversation != null).toList();
        if (talking.isEmpty()) {
            return Map.of();
        }
        Map<Conversations.Place, String> incidents = conversations.incidentsOf(talking.stream()
                .map(draft -> new Conversations.Place(draft.channel().id, draft.delivery().threadKey))
                .collect(Collectors.toSet()));
        Map<UUID, SendJob.Conversation> found = new HashMap<>();
        Map<String, String> headlines = new HashMap<>();
        List<Conversations.Cover> covers = new ArrayList<>();
        List<Draft> inGroups = new ArrayList<>();
        for (Draft draft : talking) {
            Delivery delivery = draft.delivery();
            UUID channelId = draft.channel().id;
            String incidentId = incidents.get(new Conversations.Place(channelId, delivery.threadKey));
            if (incidentId != null || Conversations.Role.INCIDENT_REPLY.name().equals(delivery.conversation)) {
                String headline = incidentId == null ? null : headlines.computeIfAbsent(channelId + "/" + incidentId,
                        key -> conversations.incidentHeadline(channelId, incidentId));
                found.put(delivery.id, new SendJob.Conversation(SendJob.Conversation.Kind.INCIDENT_REPLY, null,
                        headline, null));
                continue;
            }
            if (draft.thread() == null) {
                // A webhook has no thread: each request carries the whole group, so it covers every change waiting
                // behind it, not only the announcement's.
                covers.add(new Conversations.Cover(delivery.id, channelId, delivery.threadKey, delivery.seq,
                        draft.channel().type != ChannelType.WEBHOOK));
            }
            inGroups.add(draft);
        }
        conversations.cover(covers);
        Map<String, Optional<SendJob.Conversation>> groups = new HashMap<>();
        for (Draft draft : inGroups) {
            groups.computeIfAbsent(draft.delivery().threadKey, threadKey -> Optional.ofNullable(
                    conversations.groupOfConversation(threadKey)).map(group -> {
                        MessageContent parent = ContentRenderer.group(group);
                        return new SendJob.Conversation(SendJob.Conversation.Kind.GROUP, parent, parent.headline(),
                                group);
                    })).ifPresent(conversation -> found.put(draft.delivery().id, conversation));
        }
        return found;
    }

    /** Puts a claimed delivery back without spending an attempt (pacing, open circuit). */
    public void postpone(UUID deliveryId, Instant until) {
        store.postpone(deliveryId, until);
    }

    /**
     * Notes, committed before the request leaves, that an attempt is under way, so that a sender that dies before
     * recording the answer leaves a trace for the next one (the earliest such start is kept). False when this
     * instance no longer holds the claim.
     */
    public boolean startAttempt(UUID deliveryId) {
        return store.startAttempt(deliveryId);
    }

    /**
     * A send's answer, to be recorded. {@code circuitKnown}: the channel had a circuit row when the delivery was
     * claimed, so a delivered outcome closes it; a channel without one has nothing to close.
     */
    public record Completion(SendJob job, SendResult result, Instant startedAt, long durationMs,
            boolean circuitKnown) {
    }

    /** Records one attempt and what follows from it, closing the channel's circuit when it was delivered. */
    @Transactional
    public void complete(SendJob job, SendResult result, Instant startedAt, long durationMs) {
        completeAll(List.of(new Completion(job, result, startedAt, durationMs, true)));
    }

    /**
     * Records several attempts and what follows from each, in one transaction: one commit for a sender pool's
     * worth of outcomes instead of one each. A delivered one is settled with one statement, whatever its count; any
     * other outcome reads the row first, as the retry budget decides what follows. The circuits of the channels that
     * answered are closed last, in channel order, so that two instances' transactions take those rows in the same
     * order.
     */
    @Transactional
    public void completeAll(List<Completion> completions) {
        Set<UUID> answered = new TreeSet<>();
        for (Completion completion : completions) {
            UUID answeredBy = record(completion);
            if (answeredBy != null && completion.circuitKnown()) {
                answered.add(answeredBy);
            }
        }
        // Done here, the connection is this transaction's: closing a circuit costs no transaction of its own.
        for (UUID channelId : answered) {
            breakers.close(channelId);
        }
    }

    /** Records one outcome; the delivery's channel when it settled it as delivered, else null. */
    private UUID record(Completion completion) {
        SendJob job = completion.job();
        SendResult result = completion.result();
        DeliveryStore.Row settled;
        if (result.delivered()) {
            settled = settle(job.deliveryId(), null, result, completion.startedAt(), completion.durationMs(), true);
        } else {
            DeliveryStore.Row delivery = store.lockSending(job.deliveryId());
            if (delivery == null) {
                return null;
            }
            settled = settle(delivery, result, completion.startedAt(), completion.durationMs(), true);
        }
        if (settled != null && result.thread() != null) {
            remember(settled.channelId(), job.threadKey(), result.thread());
        }
        return settled != null && result.delivered() ? settled.channelId() : null;
    }

    private void remember(UUID channelId, String threadKey, SendJob.Thread thread) {
        ThreadState state = ThreadState.find(channelId, threadKey);
        Instant now = Instant.now();
        boolean first = state == null;
        if (first) {
            state = new ThreadState();
            state.channelId = channelId;
            state.threadKey = threadKey;
            state.createdAt = now;
        }
        if (thread.externalChannel() != null) {
            state.externalChannel = thread.externalChannel();
        }
        state.parentRef = thread.parentRef();
        if (thread.externalNumber() != null) {
            state.externalNumber = thread.externalNumber();
        }
        state.updatedAt = now;
        if (first) {
            state.persist();
        }
    }

    /** Settles a delivery read (and locked) in this transaction; null when it was no longer being sent. */
    private DeliveryStore.Row settle(DeliveryStore.Row delivery, SendResult result, Instant startedAt, long durationMs,
            boolean attempted) {
        return settle(delivery.id(), delivery, result, startedAt, durationMs, attempted);
    }

    /**
     * Decides what follows an outcome and has the store write it. {@code delivery}: the row as read, or null for a
     * delivered outcome, which needs no count (the row's own is incremented). Null when the delivery was no longer
     * being sent.
     */
    private DeliveryStore.Row settle(UUID deliveryId, DeliveryStore.Row delivery, SendResult result, Instant startedAt,
            long durationMs, boolean attempted) {
        Instant now = Instant.now();
        // An answer settles the doubt; without one the message may have arrived, and the next attempt looks.
        boolean clearSendStarted = attempted && !result.unanswered();
        DeliveryStore.Attempt attempt = attempted ? new DeliveryStore.Attempt(startedAt, durationMs,
                DeliveryAttempt.Outcome.valueOf(result.outcome().name()), result.httpStatus(), result.detail()) : null;
        Integer expectedAttempts = delivery == null ? null : delivery.attempts();
        if (result.delivered()) {
            DeliveryStore.Row settled = store.settle(deliveryId, expectedAttempts, new DeliveryStore.Outcome(
                    DeliveryStatus.DELIVERED, attempted, clearSendStarted, null, now, result.externalRef(), null, now,
                    attempt));
            if (settled != null) {
                events.outcome(settled, DeliveryEvent.Status.DELIVERED, result.detail());
                metrics.delivered(settled.channelType(), settled.eventTime(), now);
            }
            return settled;
        }
        int attempts = attempted ? delivery.attempts() + 1 : delivery.attempts();
        if (RetryPolicy.retries(result, attempts, delivery.maxAttempts())) {
            Instant next = now.plus(RetryPolicy.backoff(attempts, result.retryAfter(),
                    config.retry().initialBackoff(), config.retry().maxBackoff()));
            DeliveryStore.Row settled = store.settle(deliveryId, expectedAttempts, new DeliveryStore.Outcome(
                    DeliveryStatus.RETRYING, attempted, clearSendStarted, next, null, null, result.detail(), now,
                    attempt));
            if (settled != null) {
                LOG.debugf("Delivery %s attempt %d failed (%s); next at %s", deliveryId, attempts, result.detail(),
                        next);
                metrics.outcome(settled.channelType(), DeliveryMetrics.RETRIED);
            }
            return settled;
        }
        DeliveryStore.Row settled = store.settle(deliveryId, expectedAttempts, new DeliveryStore.Outcome(
                DeliveryStatus.DEAD_LETTERED, attempted, clearSendStarted, null, null, null, result.detail(), now,
                attempt));
        if (settled != null) {
            LOG.warnf("Delivery %s to channel %s dead-lettered after %d attempt(s): %s", deliveryId,
                    settled.channelId(), settled.attempts(), result.detail());
            events.outcome(settled, DeliveryEvent.Status.DEAD_LETTERED, result.detail());
            metrics.outcome(settled.channelType(), DeliveryMetrics.DEAD_LETTERED);
        }
        return settled;
    }

    /** A dead-lettered delivery goes back into the queue with a fresh retry budget. */
    @Transactional
    public Delivery retry(UUID deliveryId) {
        Delivery delivery = Delivery.findById(deliveryId);
        if (delivery == null) {
            throw ProblemException.notFound("Delivery", deliveryId);
        }
        if (delivery.status != DeliveryStatus.DEAD_LETTERED) {
            throw ProblemException.illegalTransition("delivery", delivery.status, "retry", List.of());
        }
        delivery.status = DeliveryStatus.RETRYING;
        delivery.maxAttempts = delivery.attempts + config.retry().maxAttempts();
        delivery.nextAttemptAt = Instant.now();
        delivery.updatedAt = Instant.now();
        return delivery;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Delivery get(UUID deliveryId) {
        Delivery delivery = Delivery.findById(deliveryId);
        if (delivery == null) {
            throw ProblemException.notFound("Delivery", deliveryId);
        }
        return delivery;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryAttempt> attempts(UUID deliveryId) {
        return DeliveryAttempt.list("deliveryId", Sort.by("attempt"), deliveryId);
    }

    /** Filters on the fields people search by; newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Delivery> find(String incidentId, DeliveryStatus status, UUID channelId, String eventId, int page,
            int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (incidentId != null) {
            query.append(" and incidentId = :incidentId");
            parameters.and("incidentId", incidentId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (channelId != null) {
            query.append(" and channelId = :channelId");
            parameters.and("channelId", channelId);
        }
        if (eventId != null) {
            query.append(" and sourceEventId = :eventId");
            parameters.and("eventId", eventId);
        }
        var found = Delivery.<Delivery>find(query.toString(), Sort.by("seq").descending(), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }
}
