package io.genkend.outreach.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the outreach module ({@code genkend.outreach.*}).
 *
 * @param publicBaseUrl   base URL of the signed response links in messages ({@code https://genkend.example.com})
 * @param linkSecret      HMAC-SHA256 key of response links (at least 32 characters); every replica needs the
 *                        same. Unset: a random key per start (links break at restart; a warning is logged)
 * @param linkValidity    how long a response link works
 * @param defaultFrom     sender address of e-mail when the tenant set none
 * @param defaultLanguage language of messages when the customer's locale is unknown ({@code da} or {@code en})
 * @param pollIntervalMs  how often the sender looks for due outreach, in milliseconds
 * @param sweepIntervalMs how often unanswered offers past their response window are marked ignored, in ms
 * @param batchSize       outreach sent per poll at most
 * @param claimLease      how long a sender owns an outreach it is sending before another replica may retry it
 * @param retryBackoff    wait before retrying a failed send (doubled per attempt, at most 1 hour)
 * @param maxAttempts     attempts before an outreach is marked FAILED
 */
@ConfigurationProperties("genkend.outreach")
public record OutreachProperties(@DefaultValue("http://localhost:8080") String publicBaseUrl,
                                 String linkSecret,
                                 @DefaultValue("30d") Duration linkValidity,
                                 @DefaultValue("no-reply@genkend.io") String defaultFrom,
                                 @DefaultValue("da") String defaultLanguage,
                                 @DefaultValue("1000") long pollIntervalMs,
                                 @DefaultValue("30000") long sweepIntervalMs,
                                 @DefaultValue("50") int batchSize,
                                 @DefaultValue("60s") Duration claimLease,
                                 @DefaultValue("2s") Duration retryBackoff,
                                 @DefaultValue("8") int maxAttempts) {
}
