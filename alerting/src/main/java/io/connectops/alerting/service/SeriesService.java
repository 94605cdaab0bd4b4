package io.connectops.alerting.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.alerting.domain.Series;
import io.connectops.contracts.MetricSample;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SeriesService {

    /** Records a sample; an older sample than the one already seen counts but does not replace the value. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(MetricSample sample) {
        Series series = Series.findById(sample.seriesKey());
        boolean firstSample = series == null;
        if (firstSample) {
            series = new Series();
            series.seriesKey = sample.seriesKey();
            series.instanceId = sample.instanceId();
            series.queueId = sample.queueId();
            series.channel = sample.channel();
            series.agentId = sample.agentId();
            series.metric = sample.metric();
        }
        if (series.sampleTime == null || !sample.timestamp().isBefore(series.sampleTime)) {
            series.value = sample.value();
            series.unit = sample.unit();
            series.sampleTime = sample.timestamp();
        }
        series.samplesApplied++;
        series.updatedAt = Instant.now();
        if (firstSample) {
            series.persist();
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Series> find(String instanceId, String queueId, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (instanceId != null) {
            query.append(" and instanceId = :instanceId");
            parameters.and("instanceId", instanceId);
        }
        if (queueId != null) {
            query.append(" and queueId = :queueId");
            parameters.and("queueId", queueId);
        }
        return Series.<Series>find(query.toString(), Sort.by("seriesKey"), parameters).page(page, size).list();
    }
}
