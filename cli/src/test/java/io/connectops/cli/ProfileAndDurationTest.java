package io.connectops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.cli.client.Service;
import io.connectops.cli.config.Profile;

class ProfileAndDurationTest {

    @Test
    void aServerWithoutAPortReachesEachServiceOnItsLocalPortAndAGatewayKeepsItsOwn() {
        assertThat(Profile.local().urlOf(Service.INCIDENTS)).isEqualTo("http://localhost:8083");
        Profile gateway = new Profile("https://ops.example.com:443/", Map.of(), null, null, null);
        assertThat(gateway.urlOf(Service.ALERTING)).isEqualTo("https://ops.example.com:443");
        Profile perService = new Profile("http://localhost", Map.of("incidents", "https://incidents.example.com/"),
                null, null, null);
        assertThat(perService.urlOf(Service.INCIDENTS)).isEqualTo("https://incidents.example.com");
        assertThat(perService.urlOf(Service.SCHEDULING)).isEqualTo("http://localhost:8084");
    }
}
