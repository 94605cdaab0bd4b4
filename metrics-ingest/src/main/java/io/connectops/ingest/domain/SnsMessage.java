package io.connectops.ingest.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An SNS MessageId already handled, remembered for the replay window so that a redelivery is published once. */
@Entity
@Table(name = "sns_message")
public class SnsMessage extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public String messageId;

    @Column(name = "received_at")
    public Instant receivedAt;
}
