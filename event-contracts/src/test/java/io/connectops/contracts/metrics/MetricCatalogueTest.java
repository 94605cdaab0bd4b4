package io.connectops.contracts.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

    @Test
    void namesAreUniqueAndWellFormed() {
        assertThat(MetricCatalogue.names()).doesNotHaveDuplicates().hasSize(MetricCatalogue.all().size())
                .allSatisfy(name -> assertThat(MetricCatalogue.NAME.matcher(name).matches()).isTrue());
    }

    @Test
    void connectAndCloudWatchNamesMapToTheirMetric() {
        assertThat(MetricCatalogue.bySourceName(MetricOrigin.CONNECT_INTERVAL, "ABANDONMENT_RATE"))
                .get().extracting(MetricDefinition::name).isEqualTo("abandonment_rate");
        assertThat(MetricCatalogue.bySourceName(MetricOrigin.CLOUDWATCH, "AWS/Lambda/Errors"))
                .get().extracting(MetricDefinition::unit).isEqualTo(MetricUnit.COUNT);
        assertThat(MetricCatalogue.bySourceName(MetricOrigin.CONNECT_INTERVAL, "AWS/Lambda/Errors")).isEmpty();
    }

    @Test
    void unitsBoundThresholds() {
        assertThat(MetricCatalogue.unitOf("service_level")).contains(MetricUnit.PERCENT);
        assertThat(MetricUnit.PERCENT.admits(100)).isTrue();
        assertThat(MetricUnit.PERCENT.admits(101)).isFalse();
        assertThat(MetricUnit.SECONDS.admits(-1)).isFalse();
        assertThat(MetricCatalogue.isSigned("staffing_gap")).isTrue();
        assertThat(MetricCatalogue.unitOf("no_such_metric")).isEmpty();
        assertThat(MetricUnit.parse(" percent ")).contains(MetricUnit.PERCENT);
    }
}
