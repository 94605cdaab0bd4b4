package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A silence as an administrator asks for it; the author comes from the token, not the body. */
public record SilenceDraft(
        @NotEmpty @Size(max = 20) List<@NotNull @Valid LabelMatcher> matchers,
        Instant startsAt,
        @NotNull Instant endsAt,
        @NotBlank @Size(max = 2000) String comment) {
}
