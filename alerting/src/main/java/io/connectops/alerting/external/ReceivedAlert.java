package io.connectops.alerting.external;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.connectops.alerting.rules.JsonColumns;
import io.connectops.contracts.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What the origin of an external alert last said about it: enough to announce it as our own alerts are. */
@Entity
@Table(name = "external_alert")
public class ReceivedAlert extends PanacheEntityBase {

    /** Our fingerprint of the alert (of its origin and the origin's fingerprint). */
    @Id
    public String fingerprint;
    public String origin;
    @Column(name = "origin_fingerprint")
    public String originFingerprint;
    public String name;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Convert(converter = JsonColumns.Labels.class)
    public Map<String, String> labels = new HashMap<>();
    public String summary;
    public String description;
    @Column(name = "runbook_url")
    public String runbookUrl;
    /** The rule of kind external that claims it, if any. */
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
