package io.connectops.incidents.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The post-incident review (root-cause analysis) of one incident. */
@Entity
@Table(name = "incident_review")
public class IncidentReview extends PanacheEntityBase {

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;

    public String summary;

    @Column(name = "root_cause")
    public String rootCause;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "contributing_factors", columnDefinition = "text[]")
    public List<String> contributingFactors = new ArrayList<>();

    /** ISO-8601 duration of the customer impact, e.g. PT45M. */
    @Column(name = "impact_duration")
    public String impactDuration;

    @Column(name = "contacts_affected")
    public Integer contactsAffected;

    @Column(name = "went_well")
    public String wentWell;

    @Column(name = "went_badly")
    public String wentBadly;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;
}
