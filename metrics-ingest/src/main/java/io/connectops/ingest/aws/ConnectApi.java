package io.connectops.ingest.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.connect.ConnectClient;

/**
 * Calls Amazon Connect for a source: one SDK client per source, every attempt (retries included) paced by the
 * account's rate limit shared by all replicas, and throttling (429) or server errors (5xx) retried with exponential backoff and
 * jitter. The SDK's own retries are off, because they would bypass the shared bucket.
 */
@ApplicationScoped
public class ConnectApi {

    @Inject
    IngestConfig config;

    @Inject
    AccountRateLimit rateLimit;

    private final Map<String, CachedClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CachedCloudWatch> cloudWatchClients = new ConcurrentHashMap<>();

    private record CachedClient(long version, ConnectClient client) {
    }

    private record CachedCloudWatch(long version, CloudWatchClient client) {
    }

    /** How a sequence of calls went: attempts refused with 429 or 5xx, even when a retry then succeeded. */
    public static final class CallStats {
        long throttled;
        long failedAttempts;

        public long throttled() {
            return throttled;
        }

        public long failedAttempts() {
            return failedAttempts;
        }
    }

    /** A Connect call that failed for good (after retries, or at once for a client error). */
    public static final class ConnectCallFailed extends RuntimeException {
        public ConnectCallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public ConnectClient client(ConnectSource source) {
        CachedClient cached = clients.compute(source.id.toString(), (id, existing) -> {
            if (existing != null && existing.version() == source.version) {
                return existing;
            }
            if (existing != null) {
                existing.client().close();
            }
            return new CachedClient(source.version, build(source));
        });
        return cached.client();
    }

    /** The source's CloudWatch client ({@link #cloudWatchClient}), rebuilt when the source changes. */
    public CloudWatchClient cloudWatch(ConnectSource source) {
        CachedCloudWatch cached = cloudWatchClients.compute(source.id.toString(), (id, existing) -> {
            if (existing != null && existing.version() == source.version) {
                return existing;
            }
            if (existing != null) {
                existing.client().close();
            }
            return new CachedCloudWatch(source.version, cloudWatchClient(source, credentials(source.credentialsRef),
                    config.endpointOverride().allowLocalAddresses(), CheckedEndpointResolver.HostLookup.SYSTEM));
        });
        return cached.client();
    }

    public void forget(String sourceId) {
        CachedClient cached = clients.remove(sourceId);
        if (cached != null) {
            cached.client().close();
        }
        CachedCloudWatch cloudWatch = cloudWatchClients.remove(sourceId);
        if (cloudWatch != null) {
            cloudWatch.client().close();
        }
    }

    @PreDestroy
    void closeAll() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
        cloudWatchClients.values().forEach(c -> c.client().close());
        cloudWatchClients.clear();
    }

    /** Whether {@code ref} names credentials this service can resolve. */
    public boolean knowsCredentials(String ref) {
        return "default".equals(ref)
                || (ref != null && ref.startsWith("secret:") && config.credentials().containsKey(ref.substring(7)));
    }

    private ConnectClient build(ConnectSource source) {
        return connectClient(source, credentials(source.credentialsRef), config.endpointOverride().allowLocalAddresses(),
                CheckedEndpointResolver.HostLookup.SYSTEM);
    }

    /** The Connect client of a source, at its endpointOverride when it has one (checked, and pinned by lookup). */
    static ConnectClient connectClient(ConnectSource source, AwsCredentialsProvider credentials,
            boolean allowLocalAddresses, CheckedEndpointResolver.HostLookup lookup) {
        return built(ConnectClient.builder(), source, credentials, blankToNull(source.endpointOverride),
                allowLocalAddresses, lookup);
    }

    /**
     * The CloudWatch client of a source: same Region and credentials, at its own endpoint override, else the source's
     * (the local simulator answers both), else CloudWatch's public endpoint.
     */
    static CloudWatchClient cloudWatchClient(ConnectSource source, AwsCredentialsProvider credentials,
            boolean allowLocalAddresses, CheckedEndpointResolver.HostLookup lookup) {
        String override = source.cloudWatchEndpointOverride != null ? blankToNull(source.cloudWatchEndpointOverride)
                : blankToNull(source.endpointOverride);
        return built(CloudWatchClient.builder(), source, credentials, override, allowLocalAddresses, lookup);
    }

    /**
     * Any SDK client of a source: its Region and credentials, no SDK retries (the pollers retry on their schedule),
     * the HTTP client below, and the endpoint override checked once more.
     */
    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C built(B builder,
            ConnectSource source, AwsCredentialsProvider credentials, String override, boolean allowLocalAddresses,
            CheckedEndpointResolver.HostLookup lookup) {
        builder.region(Region.of(source.region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        builder.httpClientBuilder(httpClient(override, allowLocalAddresses, lookup));
        if (override != null) {
            builder.endpointOverride(checkedOverride(override, allowLocalAddresses, lookup));
        }
        return builder.build();
    }

    /**
     * The HTTP client of a source's SDK clients. At an endpointOverride every connection's lookup is checked and the
     * connection made to the addresses that passed ({@link CheckedEndpointResolver}), and no proxy is used: a proxy
     * would resolve the name itself, past the check. AWS's own endpoints are resolved and reached as usual.
     */
    private static ApacheHttpClient.Builder httpClient(String override, boolean allowLocalAddresses,
            CheckedEndpointResolver.HostLookup lookup) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(20));
        if (override != null) {
            http.dnsResolver(new CheckedEndpointResolver(allowLocalAddresses, lookup))
                    .proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false)
                            .useEnvironmentVariableValues(false).build());
        }
        return http;
    }

    /** Checked again when a client is built, as the name may resolve elsewhere now than when the source was saved. */
    private static URI checkedOverride(String override, boolean allowLocalAddresses,
            CheckedEndpointResolver.HostLookup lookup) {
        EndpointOverridePolicy.refusal(override, allowLocalAddresses, lookup)
                .ifPresent(reason -> {
                    throw new ConnectCallFailed("endpointOverride " + reason, null);
                });
        return URI.create(override);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private AwsCredentialsProvider credentials(String ref) {
        if ("default".equals(ref)) {
            return DefaultCredentialsProvider.builder().build();
        }
        IngestConfig.StaticCredentials secret = config.credentials().get(ref.substring("secret:".length()));
        if (secret == null) {
            throw new ConnectCallFailed("Credentials " + ref + " are not configured", null);
        }
        return StaticCredentialsProvider.create(secret.sessionToken()
                .<AwsCredentials>map(
                        token -> AwsSessionCredentials.create(secret.accessKeyId(), secret.secretAccessKey(), token))
                .orElseGet(() -> AwsBasicCredentials.create(secret.accessKeyId(), secret.secretAccessKey())));
    }

    /**
     * Runs one Connect call with the account's rate limit and retries. Limits apply per API, account and Region,
     * not per instance, so every source of one account shares the bucket.
     */
    public <T> T call(ConnectSource source, PollOperation operation, CallStats stats, Supplier<T> call) {
        IngestConfig.Retry retry = config.retry();
        for (int attempt = 1;; attempt++) {
            try {
                acquireSlot(source, operation);
                return call.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectCallFailed(operation.apiName() + " interrupted", e);
            } catch (SdkServiceException e) {
                boolean throttled = e.isThrottlingException() || e.statusCode() == 429;
                boolean retryable = throttled || e.statusCode() >= 500;
                if (throttled) {
                    stats.throttled++;
                }
                stats.failedAttempts++;
                String what = operation.apiName() + " failed with HTTP " + e.statusCode() + " "
                        + (e instanceof AwsServiceException ? ((AwsServiceException) e).awsErrorDetails().errorCode() : "");
                if (!retryable || attempt >= retry.maxAttempts()) {
                    throw new ConnectCallFailed(what + (retryable ? " after " + attempt + " attempts" : ""), e);
                }
            } catch (SdkClientException e) {
                stats.failedAttempts++;
                if (attempt >= retry.maxAttempts()) {
                    throw new ConnectCallFailed(operation.apiName() + " could not reach Connect: " + e.getMessage(), e);
                }
            }
            backOff(attempt, retry);
        }
    }

    private static void backOff(int attempt, IngestConfig.Retry retry) {
        long ceiling = Math.min(retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt - 1, 20));
        // Full jitter: pollers of several sources throttled together do not retry in lockstep.
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectCallFailed("interrupted while backing off", e);
        }
    }

    private void acquireSlot(ConnectSource source, PollOperation operation) throws InterruptedException {
        IngestConfig.RateLimits limits = config.rateLimits();
        if (operation == PollOperation.CLOUDWATCH_METRICS) {
            // CloudWatch's GetMetricData quota is its own, per account and Region.
            rateLimit.acquire(source.accountId + "/" + source.region + "/cloudwatch", limits.cloudWatchPerSecond(),
                    limits.cloudWatchBurst());
            return;
        }
        boolean userData = operation == PollOperation.AGENT_STATES;
        String key = source.accountId + "/" + source.region + "/" + (userData ? "user-data" : "metrics");
        if (userData) {
            rateLimit.acquire(key, limits.userDataPerSecond(), limits.userDataBurst());
        } else {
            rateLimit.acquire(key, limits.metricsPerSecond(), limits.metricsBurst());
        }
    }
}
