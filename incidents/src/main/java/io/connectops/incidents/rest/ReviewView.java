package io.connectops.incidents.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.connectops.incidents.domain.IncidentReview;
import io.connectops.incidents.service.ReviewService;

/** An incident's post-incident review as the API shows it. */
public record ReviewView(UUID incidentId, String summary, String rootCause, List<String> contributingFactors,
        String impactDuration, Integer contactsAffected, String wentWell, String wentBadly,
        List<PreventiveActionView> preventiveActions, Instant updatedAt, String updatedBy) {

    static ReviewView of(ReviewService.Review review) {
        IncidentReview r = review.review();
        return new ReviewView(r.incidentId, r.summary, r.rootCause, List.copyOf(r.contributingFactors),
                r.impactDuration, r.contactsAffected, r.wentWell, r.wentBadly,
                review.preventiveActions().stream().map(PreventiveActionView::of).toList(), r.updatedAt,
                r.updatedBy);
    }
}
