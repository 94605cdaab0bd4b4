package io.connectops.notifications.channels;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.content.ContentRenderer;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.OutboundPolicy;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.notifications.senders.Senders;
import io.connectops.notifications.senders.SettingsJson;
import io.connectops.notifications.senders.webhook.StandardWebhooks;
import io.connectops.notifications.senders.webhook.WebhookFormat;
import io.connectops.notifications.senders.webhook.WebhookPayloads;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Channels: validated per type, outbound URLs checked against the allow-list, secrets kept write-only. */
@ApplicationScoped
public class ChannelService {

    @Inject
    OutboundPolicy policy;

    @Inject
    Senders senders;

    @Inject
    SecretSeal seal;

    @Inject
    OpenedSecrets openedSecrets;

    @Transactional
    public Channel create(ChannelDraft draft) {
        Channel channel = new Channel();
        channel.id = UUID.randomUUID();
        channel.createdAt = Instant.now();
        apply(channel, draft, true);
        channel.persist();
        return channel;
    }

    @Transactional
    public Channel update(UUID id, ChannelDraft draft) {
        Channel channel = get(id);
        if (draft.type() != null && draft.type() != channel.type) {
            throw ProblemException.invalid("type", "cannot change from " + channel.type + "; create a new channel");
        }
        apply(channel, draft, false);
        // Its new sealed value would not find the old secrets anyway; this drops them from memory now.
        openedSecrets.forget(id);
        return channel;
    }

    /**
     * Deletes the channel with its sending pace and circuit: nothing is sent to it again (its waiting deliveries are
     * settled as failed when next claimed), and the claim, which reads both tables each round, keeps to live channels.
     */
    @Transactional
    public void delete(UUID id) {
        get(id).delete();
        for (String table : List.of("channel_pace", "channel_circuit")) {
            Channel.getEntityManager().createNativeQuery("DELETE FROM " + table + " WHERE channel_id = ?1")
                    .setParameter(1, id).executeUpdate();
        }
        openedSecrets.forget(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Channel get(UUID id) {
        Channel channel = Channel.findById(id);
        if (channel == null) {
            throw ProblemException.notFound("Channel", id);
        }
        return channel;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Channel> find(ChannelType type, String name, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (type != null) {
            query.append(" and type = :type");
            parameters.and("type", type);
        }
        if (name != null) {
            query.append(" and lower(name) like :name");
            parameters.and("name", "%" + name.toLowerCase() + "%");
        }
        var found = Channel.<Channel>find(query.toString(), Sort.by("name"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }

    /** Sends a test message now, outside the queue, and says what the receiver answered. */
    public SendResult test(UUID id) {
        SendJob.ChannelSnapshot channel = snapshot(id);
        if (channel == null) {
            return SendResult.failed(null, Channel.UNREADABLE);
        }
        SendJob job = new SendJob(null, null, null, null, "test:" + UUID.randomUUID(), null,
                ContentRenderer.testMessage(channel.name()), channel, null, null);
        return senders.send(job);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    SendJob.ChannelSnapshot snapshot(UUID id) {
        Channel channel = get(id);
        return channel.secretsUnreadable() ? null : channel.snapshot();
    }

    private void apply(Channel channel, ChannelDraft draft, boolean creating) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank()) {
            errors.add(new Problem.FieldError("name", "must not be blank"));
        } else if (draft.name().length() > 200) {
            errors.add(new Problem.FieldError("name", "must be at most 200 characters"));
        }
        ChannelType type = creating ? draft.type() : channel.type;
        if (type == null) {
            errors.add(new Problem.FieldError("type", "must be one of SLACK, TEAMS, SERVICENOW, WEBHOOK, EMAIL"));
            throw ProblemException.invalid(errors);
        }
        Map<String, String> settings = draft.settings() == null ? Map.of() : draft.settings();
        // An unreadable channel starts from no secrets: its PUT must give them again (that is how it is repaired).
        Map<String, String> secrets = new HashMap<>(creating ? Map.of() : channel.secrets());
        if (draft.secrets() != null) {
            draft.secrets().forEach((secret, value) -> {
                if (value == null || value.isBlank()) {
                    secrets.remove(secret);
                } else {
                    secrets.put(secret, value.trim());
                }
            });
        }
        for (String setting : settings.keySet()) {
            if (!type.requiredSettings().contains(setting) && !type.optionalSettings().contains(setting)) {
                errors.add(new Problem.FieldError("settings." + setting, "is not a setting of " + type + " channels"));
            }
        }
        for (String required : type.requiredSettings()) {
            String value = settings.get(required);
            if (value == null || value.isBlank()) {
                errors.add(new Problem.FieldError("settings." + required, "is required for " + type + " channels"));
            }
        }
        if (draft.secrets() != null) {
            for (String secret : draft.secrets().keySet()) {
                if (!type.secretNames().contains(secret)) {
                    errors.add(new Problem.FieldError("secrets." + secret, "is not a secret of " + type + " channels"));
                }
            }
        }
        if (!creating) {
            requireSecretsForChangedUrls(channel, type, settings, draft.secrets(), errors);
        }
        validateType(type, settings, secrets, errors);
        if (draft.name() != null && Channel.count("name = ?1 and id <> ?2", draft.name(), channel.id) > 0) {
            throw ProblemException.conflict("A channel named " + draft.name() + " exists already");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        channel.name = draft.name().trim();
        channel.type = type;
        channel.enabled = draft.enabled() == null || draft.enabled();
        channel.settings = new HashMap<>(settings);
        if (type == ChannelType.WEBHOOK) {
            // Stored as the number it is (" 010" reads back as "10"), for the view and the sender alike.
            channel.settings.computeIfPresent(WebhookPayloads.MAX_ALERTS,
                    (name, value) -> Integer.toString(WebhookPayloads.maxAlerts(value)));
        }
        channel.replaceSecrets(secrets, seal);
        channel.updatedAt = Instant.now();
    }

    /**
     * A changed URL setting needs the secrets that travel there given again in the same request: kept as they were,
     * they would leave with the next send for wherever the new URL points.
     */
    private static void requireSecretsForChangedUrls(Channel channel, ChannelType type, Map<String, String> settings,
            Map<String, String> given, List<Problem.FieldError> errors) {
        for (String urlSetting : type.urlSettings()) {
            String before = channel.setting(urlSetting);
            String after = settings.get(urlSetting);
            after = after == null || after.isBlank() ? null : after.trim();
            if (Objects.equals(before == null ? null : before.trim(), after)) {
                continue;
            }
            for (String secret : type.secretsSentToUrl()) {
                boolean stored = channel.secret(secret) != null || channel.secretsUnreadable();
                String value = given == null ? null : given.get(secret);
                if (stored && (value == null || value.isBlank())) {
                    errors.add(new Problem.FieldError("secrets." + secret,
                            "must be given again when settings." + urlSetting + " changes"));
                }
            }
        }
    }

    private void validateType(ChannelType type, Map<String, String> settings, Map<String, String> secrets,
            List<Problem.FieldError> errors) {
        switch (type) {
            case SLACK:
                if (secrets.get("botToken") == null && secrets.get("webhookUrl") == null) {
                    errors.add(new Problem.FieldError("secrets.botToken", "a bot token (or a webhook URL) is required"));
                }
                checkUrl("settings.apiUrl", settings.get("apiUrl"), errors);
                checkUrl("secrets.webhookUrl", secrets.get("webhookUrl"), errors);
                if (settings.get("actors") != null && SettingsJson.stringMap(settings.get("actors")) == null) {
                    errors.add(new Problem.FieldError("settings.actors",
                            "must be a JSON object of Slack user ids to Connect Ops user names"));
                }
                break;
            case TEAMS:
                if (secrets.get("workflowUrl") == null) {
                    errors.add(new Problem.FieldError("secrets.workflowUrl", "is required for TEAMS channels"));
                }
                checkUrl("secrets.workflowUrl", secrets.get("workflowUrl"), errors);
                break;
            case SERVICENOW:
                if (secrets.get("password") == null) {
                    errors.add(new Problem.FieldError("secrets.password", "is required for SERVICENOW channels"));
                }
                checkUrl("settings.instanceUrl", settings.get("instanceUrl"), errors);
                String mapping = settings.get("fieldMapping");
                if (mapping != null) {
                    try {
                        EventCodec.mapper().readValue(mapping,
                                new TypeReference<Map<String, String>>() {
                                });
                    } catch (IOException e) {
                        errors.add(new Problem.FieldError("settings.fieldMapping",
                                "must be a JSON object of ServiceNow field names to values"));
                    }
                }
                break;
            case WEBHOOK:
                checkUrl("settings.url", settings.get("url"), errors);
                if (WebhookFormat.of(settings.get("format")) == null) {
                    errors.add(new Problem.FieldError("settings.format", "must be one of " + WebhookFormat.choices()));
                }
                if (WebhookPayloads.maxAlerts(settings.get(WebhookPayloads.MAX_ALERTS)) < 0) {
                    errors.add(new Problem.FieldError("settings." + WebhookPayloads.MAX_ALERTS,
                            "must be a whole number from 0 (all alerts) to " + Integer.MAX_VALUE));
                }
                String signingSecret = secrets.get("signingSecret");
                if (StandardWebhooks.isStandardSecret(signingSecret) && StandardWebhooks.refusal(signingSecret) != null) {
                    errors.add(new Problem.FieldError("secrets.signingSecret", StandardWebhooks.refusal(signingSecret)));
                }
                break;
            case EMAIL:
                String to = settings.get("to");
                if (to != null) {
                    for (String address : to.split(",")) {
                        if (!address.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                            errors.add(new Problem.FieldError("settings.to", "must be e-mail addresses separated by commas"));
                            break;
                        }
                    }
                }
                break;
            default:
                break;
        }
    }

    private void checkUrl(String field, String url, List<Problem.FieldError> errors) {
        if (url == null || url.isBlank()) {
            return;
        }
        String refusal = policy.refusal(url);
        if (refusal != null) {
            errors.add(new Problem.FieldError(field, refusal));
        }
    }
}
