package io.connectops.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

    @Test
    void anEmailAddressKeepsOnlyItsDomain() {
        assertThat(PersonalDataMask.mask("agent ann.lee+ops@example.co.uk logged in"))
                .isEqualTo("agent ***@example.co.uk logged in");
    }

    @Test
    void aPhoneNumberKeepsOnlyItsLastTwoDigits() {
        assertThat(PersonalDataMask.mask("callback to +14155550100 failed")).isEqualTo("callback to ***00 failed");
        assertThat(PersonalDataMask.mask("customer +44 20 7946 0958, queue 12")).isEqualTo("customer ***58, queue 12");
        assertThat(PersonalDataMask.mask("dial (415) 555-0123")).isEqualTo("dial ***23");
    }

    @Test
    void theValuesOfAPostgresKeyDetailAreMaskedAndItsColumnsKept() {
        String detail = "ERROR: duplicate key value violates unique constraint \"agent_email_key\"\n"
                + "  Detail: Key (email, phone)=(ann@example.com, 555) already exists.";
        assertThat(PersonalDataMask.mask(detail))
                .contains("Key (email, phone)=(***) already exists.")
                .doesNotContain("ann@").doesNotContain("555");
    }

    @Test
    void offsetsTimesAndAddressesAreLeftAlone() {
        String line = "partition 3 offset 1733339293000 at 2026-12-04T10:15:30Z from 10.0.0.12:9092";
        assertThat(PersonalDataMask.mask(line)).isEqualTo(line);
    }
}
