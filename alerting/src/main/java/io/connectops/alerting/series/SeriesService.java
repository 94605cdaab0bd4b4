package io.connectops.alerting.series;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** The latest sample of each series, as of the evaluator's last checkpoint. */
@ApplicationScoped
public class SeriesService {

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SeriesView> find(String instanceId, String queueId, int page, int size) {
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
        return Series.<Series>find(query.toString(), Sort.by("seriesKey"), parameters).page(page, size).list()
                .stream().map(SeriesView::of).toList();
    }
}
