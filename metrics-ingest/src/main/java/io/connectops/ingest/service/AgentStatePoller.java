package io.connectops.ingest.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.services.connect.model.AgentContactReference;
import software.amazon.awssdk.services.connect.model.ContactState;
import software.amazon.awssdk.services.connect.model.GetCurrentUserDataRequest;
import software.amazon.awssdk.services.connect.model.GetCurrentUserDataResponse;
import software.amazon.awssdk.services.connect.model.UserData;
import software.amazon.awssdk.services.connect.model.UserDataFilters;

/** Reads every logged-in agent's status and contacts (GetCurrentUserData) for the source's queues. */
@ApplicationScoped
public class AgentStatePoller {

    /** What an agent is doing now, as the pollers see it. */
    public record ObservedAgent(String agentId, String status, String routingState, Instant since) {
    }

    /** Routing states, from the agent's contacts first and then from the status. */
    public static final String ON_CONTACT = "ON_CONTACT";
    public static final String INCOMING = "INCOMING";
    public static final String AFTER_CONTACT_WORK = "AFTER_CONTACT_WORK";
    public static final String ERROR = "ERROR";
    public static final String ROUTABLE = "ROUTABLE";
    public static final String NOT_ROUTABLE = "NOT_ROUTABLE";
    public static final String OFFLINE = "OFFLINE";

    @Inject
    ConnectApi connect;

    @Inject
    SourceQueues queues;

    /** Agents by id; an agent answering several queues is listed once. */
    public Map<String, ObservedAgent> read(ConnectSource source, ConnectApi.CallStats stats) {
        Map<String, ObservedAgent> agents = new LinkedHashMap<>();
        for (List<String> chunk : queues.chunksOf(source, PollOperation.AGENT_STATES, stats)) {
            GetCurrentUserDataRequest first = GetCurrentUserDataRequest.builder()
                    .instanceId(source.instanceId)
                    .filters(UserDataFilters.builder().queues(chunk).build())
                    .maxResults(100)
                    .build();
            String token = null;
            do {
                GetCurrentUserDataRequest request = first.toBuilder().nextToken(token).build();
                GetCurrentUserDataResponse page = connect.call(source, PollOperation.AGENT_STATES, stats,
                        () -> connect.client(source).getCurrentUserData(request));
                for (UserData user : page.userDataList()) {
                    ObservedAgent agent = observe(user);
                    if (agent != null) {
                        agents.putIfAbsent(agent.agentId(), agent);
                    }
                }
                token = page.nextToken();
            } while (token != null);
        }
        return agents;
    }

    static ObservedAgent observe(UserData user) {
        if (user.user() == null || user.user().id() == null) {
            return null;
        }
        String status = user.status() == null ? null : user.status().statusName();
        Instant since = user.status() == null ? null : user.status().statusStartTimestamp();
        String routingState = null;
        int rank = Integer.MAX_VALUE;
        for (AgentContactReference contact : user.contacts()) {
            String state = routingStateOf(contact.agentContactState());
            int stateRank = List.of(ON_CONTACT, INCOMING, AFTER_CONTACT_WORK, ERROR).indexOf(state);
            if (state != null && stateRank < rank) {
                rank = stateRank;
                routingState = state;
                if (contact.stateStartTimestamp() != null && (since == null || contact.stateStartTimestamp().isAfter(since))) {
                    since = contact.stateStartTimestamp();
                }
            }
        }
        if (routingState == null) {
            routingState = "Offline".equalsIgnoreCase(status) ? OFFLINE
                    : "Available".equalsIgnoreCase(status) ? ROUTABLE : NOT_ROUTABLE;
        }
        return new ObservedAgent(user.user().id(), status, routingState, since);
    }

    private static String routingStateOf(ContactState state) {
        if (state == null) {
            return null;
        }
        switch (state) {
            case CONNECTED:
            case CONNECTED_ONHOLD:
                return ON_CONTACT;
            case INCOMING:
            case PENDING:
            case CONNECTING:
                return INCOMING;
            case ENDED:
                return AFTER_CONTACT_WORK;
            case MISSED:
            case ERROR:
            case REJECTED:
                return ERROR;
            default:
                return null;
        }
    }
}
