package io.connectops.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Every special-purpose range is refused; loopback and private only where a deployment allows them. */
class SpecialAddressesTest {

    /** address, refused without allow-private-addresses, refused with it. */
    private static final Object[][] RANGES = {
            {"0.0.0.0", true, true},
            {"0.1.2.3", true, true},
            {"10.1.2.3", true, false},
            {"100.64.0.1", true, true},
            {"100.100.100.200", true, true},
            {"100.127.255.255", true, true},
            {"100.128.0.1", false, false},
            {"127.0.0.1", true, false},
            {"127.1.2.3", true, false},
            {"169.254.169.254", true, true},
            {"169.254.10.1", true, true},
            {"169.254.0.1", true, true},
            {"172.16.0.1", true, false},
            {"172.31.255.255", true, false},
            {"172.32.0.1", false, false},
            {"192.0.0.8", true, true},
            {"192.0.2.1", true, true},
            {"192.168.1.1", true, false},
            {"198.18.0.1", true, true},
            {"198.51.100.7", true, true},
            {"203.0.113.9", true, true},
            {"224.0.0.1", true, true},
            {"239.255.255.250", true, true},
            {"240.0.0.1", true, true},
            {"255.255.255.255", true, true},
            {"8.8.8.8", false, false},
            {"52.94.236.248", false, false},
            {"::", true, true},
            {"::1", true, false},
            {"::127.0.0.1", true, true},
            {"64:ff9b::a9fe:a9fe", true, true},
            {"64:ff9b:1::1", true, true},
            {"100::1", true, true},
            {"2001::1", true, true},
            {"2001:db8::1", true, true},
            {"2002:a9fe:a9fe::1", true, true},
            {"fc00::1", true, true},
            {"fd00:ec2::254", true, true},
            {"fe80::1", true, true},
            {"fec0::1", true, true},
            {"ff02::1", true, true},
            {"2a00:1450:4001:80b::200e", false, false},
            {"2606:4700:4700::1111", false, false},
    };

    @Test
    void theSpecialPurposeRangesAreRefusedAndLoopbackAndPrivateOnlyWhereAllowed() throws UnknownHostException {
        SoftAssertions softly = new SoftAssertions();
        for (Object[] row : RANGES) {
            InetAddress address = InetAddress.getByName((String) row[0]);
            softly.assertThat(SpecialAddresses.refusedRange(address, false) != null).as("%s strict", row[0])
                    .isEqualTo(row[1]);
            softly.assertThat(SpecialAddresses.refusedRange(address, true) != null).as("%s with private allowed", row[0])
                    .isEqualTo(row[2]);
        }
        softly.assertAll();
    }

    @Test
    void theMetadataAddressIsNamedAsSuch() throws UnknownHostException {
        assertThat(SpecialAddresses.refusedRange(InetAddress.getByName("169.254.169.254"), true))
                .isEqualTo("the instance metadata service");
    }
}
