package io.genkend.api;

import io.genkend.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change told to every replica over Redis: applied here and on another replica (a second broadcast on the same
 * channel and Redis, as a second process has) once the transaction commits; never when it rolls back.
 */
@IntegrationTest
class ReplicaBroadcastIT {

    @Autowired StringRedisTemplate redis;
    @Autowired RedisConnectionFactory connectionFactory;
    @Autowired TransactionTemplate transactions;

    @Test
    void aCommittedChangeReachesEveryReplicaAndARolledBackOneNone() throws Exception {
        String channel = "genkend:test:" + UUID.randomUUID();
        List<String> here = new CopyOnWriteArrayList<>();
        List<String> there = new CopyOnWriteArrayList<>();
        try (ReplicaBroadcast local = new ReplicaBroadcast(channel, redis, connectionFactory, here::add);
             ReplicaBroadcast other = new ReplicaBroadcast(channel, redis, connectionFactory, there::add)) {
            // both subscriptions are up once a message sent outside a transaction has come back from Redis
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                local.afterCommit("ping");
                return there.contains("ping") && here.stream().filter("ping"::equals).count() > 1;
            });
            Thread.sleep(200);
            here.clear();
            there.clear();
            transactions.executeWithoutResult(status -> {
                local.afterCommit("rolled-back");
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(status -> {
                local.afterCommit("committed");
                assertThat(here).as("not before the commit").isEmpty();
            });
            assertThat(here).contains("committed");
            await().atMost(Duration.ofSeconds(10)).until(() -> there.contains("committed"));
            Thread.sleep(200); // anything else in flight would have arrived with it
            assertThat(there).doesNotContain("rolled-back");
            assertThat(here).doesNotContain("rolled-back");
        }
    }
}
