package io.genkend.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Tells every replica (this one included) about a change that each keeps in memory, over one Redis pub/sub
 * channel: {@link #afterCommit} applies the change here once the current transaction has committed and publishes
 * it; every replica's subscription applies it too. Pub/sub delivers at most once and only to replicas connected at
 * that moment, so the memory it keeps fresh must also expire on its own (a time to live): the broadcast makes a
 * change take effect at once, the time to live bounds how long a lost message can leave a replica behind.
 * Spring Data Redis's {@link RedisMessageListenerContainer} does the subscribing.
 */
public final class ReplicaBroadcast implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaBroadcast.class);

    private final String channel;
    private final StringRedisTemplate redis;
    private final Consumer<String> onMessage;
    private final RedisMessageListenerContainer listener;

    /**
     * Subscribes at once.
     *
     * @param channel   the Redis channel, e.g. {@code genkend:journeys:changed}
     * @param onMessage applies a change (a message of this or another replica); must be idempotent, since this
     *                  replica applies its own changes both directly and when they come back
     */
    public ReplicaBroadcast(String channel, StringRedisTemplate redis, RedisConnectionFactory connectionFactory,
                            Consumer<String> onMessage) {
        this.channel = channel;
        this.redis = redis;
        this.onMessage = onMessage;
        this.listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(connectionFactory);
        listener.addMessageListener((message, pattern) -> {
            try {
                onMessage.accept(new String(message.getBody(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                log.warn("Ignoring a message on {} that could not be applied: {}", channel, e.toString());
            }
        }, new ChannelTopic(channel));
        listener.afterPropertiesSet();
        listener.start();
    }

    /**
     * Applies {@code message} here and publishes it to the other replicas, once the current transaction has
     * committed (at once when there is none; never when it rolls back). A failed publication is logged, not thrown:
     * the others then catch up by their time to live.
     */
    public void afterCommit(String message) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish(message);
                }
            });
        } else {
            publish(message);
        }
    }

    private void publish(String message) {
        onMessage.accept(message);
        try {
            redis.convertAndSend(channel, message);
        } catch (RuntimeException e) {
            log.warn("Could not tell other replicas on {} about {} (they catch up within their time to live): {}",
                    channel, message, e.toString());
        }
    }

    /** Unsubscribes. */
    @Override
    public void close() throws Exception {
        listener.destroy();
    }
}
