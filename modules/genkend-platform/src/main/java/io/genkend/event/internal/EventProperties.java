package io.genkend.event.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of event ingestion, under {@code genkend.event}.
 *
 * @param maxEventSize  largest single event (Segment's limit: 32 KB); larger is 413
 * @param maxBatchSize  largest request body (Segment's batch limit: 500 KB); larger is 413
 * @param dedupWindow   how long a messageId / CloudEvents source+id is remembered (30 days)
 * @param rateLimit     events per tenant per period (bucket4j in Redis), 429 beyond
 * @param inbound       inbound webhook settings
 * @param writers       group-commit writer threads (each stores a micro-batch per transaction; see EventWriter)
 * @param maxGroup      most events one writer stores in one transaction
 */
@ConfigurationProperties("genkend.event")
public record EventProperties(@DefaultValue("32KB") DataSize maxEventSize,
                              @DefaultValue("500KB") DataSize maxBatchSize,
                              @DefaultValue("30d") Duration dedupWindow,
                              @DefaultValue RateLimit rateLimit,
                              @DefaultValue Inbound inbound,
                              @DefaultValue("4") int writers,
                              @DefaultValue("200") int maxGroup) {

    /**
     * A token bucket per tenant: {@code capacity} events, refilled greedily over {@code period}. Each event of a
     * request takes one token.
     *
     * @param capacity events per period (default 60,000 per minute: generous)
     * @param period   refill period
     */
    public record RateLimit(@DefaultValue("60000") long capacity, @DefaultValue("1m") Duration period) {
    }

    /**
     * @param tolerance           accepted clock difference of {@code webhook-timestamp} (Standard Webhooks: 5 min)
     * @param previousSecretValid how long the previous secret stays valid after a rotation
     */
    public record Inbound(@DefaultValue("5m") Duration tolerance,
                          @DefaultValue("24h") Duration previousSecretValid) {
    }
}
