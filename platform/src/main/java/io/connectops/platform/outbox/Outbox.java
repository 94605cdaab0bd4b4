package io.connectops.platform.outbox;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;

/**
 * The only way services publish events. The event is written to the outbox table in the caller's transaction,
 * so it exists exactly when the change it announces exists; {@link OutboxRelay} sends it to Kafka after commit.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox_event (event_id, topic, record_key, event_type, payload) "
            + "VALUES (?, ?, ?, ?, ?)";
    private static final Object WAKE_UP_REGISTERED = new Object();

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    /** A record to publish: the event and its Kafka key, on a topic from {@code Topics}. */
    public record Message(String topic, String key, CloudEvent<?> event) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, String key, CloudEvent<?> event) {
        publishAll(List.of(new Message(topic, key, event)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Message message : messages) {
                    insert.setString(1, message.event().id());
                    insert.setString(2, message.topic());
                    insert.setString(3, message.key());
                    insert.setString(4, message.event().type());
                    insert.setString(5, EventCodec.encode(message.event()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        wakeRelayAfterCommit();
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_UP_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_UP_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
