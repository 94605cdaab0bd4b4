package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.services.connect.model.ListQueuesRequest;
import software.amazon.awssdk.services.connect.model.ListQueuesResponse;
import software.amazon.awssdk.services.connect.model.ListRoutingProfilesRequest;
import software.amazon.awssdk.services.connect.model.ListRoutingProfilesResponse;
import software.amazon.awssdk.services.connect.model.QueueSummary;
import software.amazon.awssdk.services.connect.model.QueueType;
import software.amazon.awssdk.services.connect.model.RoutingProfileSummary;

/**
 * The queues a source's pollers ask about: the configured ones, or every standard queue of the instance (listed
 * with ListQueues and remembered for a while, since queues are rarely added).
 */
@ApplicationScoped
public class SourceQueues {

    /** Connect takes at most 100 queues in one metric request. */
    public static final int MAX_QUEUES_PER_CALL = 100;
    private static final Duration REMEMBER = Duration.ofMinutes(10);

    @Inject
    ConnectApi connect;

    private record Listed(long version, Instant at, List<String> queueIds) {
    }

    private final Map<String, Listed> listed = new ConcurrentHashMap<>();
    private final Map<String, Listed> listedProfiles = new ConcurrentHashMap<>();

    /**
     * Every routing profile of the instance (ListRoutingProfiles, remembered for a while), in chunks of at most
     * {@value #MAX_QUEUES_PER_CALL}: agent occupancy is only given per routing profile, not per queue.
     */
    public List<List<String>> routingProfileChunksOf(ConnectSource source, PollOperation operation,
            ConnectApi.CallStats stats) {
        Listed known = listedProfiles.get(source.id.toString());
        List<String> profiles;
        if (known != null && known.version() == source.version && known.at().plus(REMEMBER).isAfter(Instant.now())) {
            profiles = known.queueIds();
        } else {
            List<String> ids = new ArrayList<>();
            String token = null;
            do {
                ListRoutingProfilesRequest request = ListRoutingProfilesRequest.builder().instanceId(source.instanceId)
                        .maxResults(1000).nextToken(token).build();
                ListRoutingProfilesResponse response = connect.call(source, operation, stats,
                        () -> connect.client(source).listRoutingProfiles(request));
                for (RoutingProfileSummary profile : response.routingProfileSummaryList()) {
                    ids.add(profile.id());
                }
                token = response.nextToken();
            } while (token != null);
            profiles = List.copyOf(ids);
            listedProfiles.put(source.id.toString(), new Listed(source.version, Instant.now(), profiles));
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < profiles.size(); from += MAX_QUEUES_PER_CALL) {
            chunks.add(profiles.subList(from, Math.min(profiles.size(), from + MAX_QUEUES_PER_CALL)));
        }
        return chunks;
    }

    /** The queue ids in chunks of at most {@value #MAX_QUEUES_PER_CALL}. */
    public List<List<String>> chunksOf(ConnectSource source, PollOperation operation, ConnectApi.CallStats stats) {
        List<String> queues = source.queueIdList().isEmpty() ? allQueues(source, operation, stats) : source.queueIdList();
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < queues.size(); from += MAX_QUEUES_PER_CALL) {
            chunks.add(queues.subList(from, Math.min(queues.size(), from + MAX_QUEUES_PER_CALL)));
        }
        return chunks;
    }

    private List<String> allQueues(ConnectSource source, PollOperation operation, ConnectApi.CallStats stats) {
        Listed known = listed.get(source.id.toString());
        if (known != null && known.version() == source.version && known.at().plus(REMEMBER).isAfter(Instant.now())) {
            return known.queueIds();
        }
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            ListQueuesRequest request = ListQueuesRequest.builder().instanceId(source.instanceId)
                    .queueTypes(QueueType.STANDARD).maxResults(1000).nextToken(token).build();
            ListQueuesResponse response = connect.call(source, operation, stats,
                    () -> connect.client(source).listQueues(request));
            for (QueueSummary queue : response.queueSummaryList()) {
                ids.add(queue.id());
            }
            token = response.nextToken();
        } while (token != null);
        listed.put(source.id.toString(), new Listed(source.version, Instant.now(), List.copyOf(ids)));
        return ids;
    }
}
