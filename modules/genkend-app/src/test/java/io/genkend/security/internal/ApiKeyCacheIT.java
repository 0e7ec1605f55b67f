package io.genkend.security.internal;

import io.genkend.security.ApiKeys;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resolved API keys are kept in memory for a few seconds, and a revocation reaches every replica at once: the
 * replica that revokes drops the key after the commit, and the others hear of it through Redis. "Another
 * replica" is a second cache on the same Redis, as a second process has.
 */
@IntegrationTest
class ApiKeyCacheIT {

    @Autowired TestTenants testTenants;
    @Autowired ApiKeys apiKeys;
    @Autowired TransactionTemplate transactions;
    @Autowired StringRedisTemplate redis;
    @Autowired RedisConnectionFactory connectionFactory;
    @LocalServerPort int port;

    TestTenant tenant;
    ApiKeyCache otherReplica;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("keycache", null);
        otherReplica = new ApiKeyCache(Duration.ofMinutes(10), redis, connectionFactory);
    }

    @AfterEach
    void tearDown() throws Exception {
        otherReplica.close();
    }

    private ApiKeyCache.Resolved resolved() {
        return new ApiKeyCache.Resolved(tenant.apiKey().id(), tenant.tenant().id(), tenant.tenant().slug());
    }

    @Test
    void aResolvedKeyIsAnsweredFromMemoryUntilItIsEvicted() {
        AtomicInteger asked = new AtomicInteger();
        String hash = ApiKeys.hash(tenant.apiKey().secret());
        for (int i = 0; i < 3; i++) {
            assertThat(otherReplica.resolve(hash, h -> {
                asked.incrementAndGet();
                return Optional.of(resolved());
            })).contains(resolved());
        }
        assertThat(asked).hasValue(1);
        otherReplica.evict(tenant.apiKey().id());
        otherReplica.resolve(hash, h -> {
            asked.incrementAndGet();
            return Optional.empty();
        });
        assertThat(asked).hasValue(2);
    }

    @Test
    void anUnknownKeyIsNeverKept() {
        AtomicInteger asked = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            assertThat(otherReplica.resolve("unknown", h -> {
                asked.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }
        assertThat(asked).hasValue(2);
    }

    @Test
    void revokingAKeyStopsItOnThisReplicaAtOnceAndOnAnotherThroughRedis() {
        Http http = new Http(port);
        String hash = ApiKeys.hash(tenant.apiKey().secret());
        // both replicas have the key in memory
        assertThat(http.getWithKey("/api/v1/api-keys", tenant.apiKey().secret()).statusCode()).isEqualTo(200);
        assertThat(otherReplica.resolve(hash, h -> Optional.of(resolved()))).isPresent();

        transactions.executeWithoutResult(s -> TenantContext.runAs(tenant.tenant(),
                () -> assertThat(apiKeys.revoke(tenant.apiKey().id())).isTrue()));

        // this replica: at once, although its cache would have kept the key for seconds more
        assertThat(http.getWithKey("/api/v1/api-keys", tenant.apiKey().secret()).statusCode()).isEqualTo(401);
        // the other replica (ten-minute time to live): as soon as Redis delivers the message
        await().atMost(Duration.ofSeconds(30)).until(() -> otherReplica.resolve(hash, h -> Optional.empty())
                .isEmpty());
    }
}
