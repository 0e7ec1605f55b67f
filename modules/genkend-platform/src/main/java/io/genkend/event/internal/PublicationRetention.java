package io.genkend.event.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;

/**
 * Deletes completed event publications an hour after completion. They hold serialised events (an
 * {@link io.genkend.event.EventAccepted} carries a customer's properties), so keeping them would keep personal data
 * past an erasure (GDPR Art. 17); an hour leaves them visible for diagnosis. Incomplete publications are never
 * touched: they are what is redelivered after a crash.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PublicationRetention {

    private static final Logger log = LoggerFactory.getLogger(PublicationRetention.class);
    private static final Duration KEEP = Duration.ofHours(1);

    private final CompletedEventPublications completed;

    PublicationRetention(CompletedEventPublications completed) {
        this.completed = completed;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purge() {
        completed.deletePublicationsOlderThan(KEEP);
        log.debug("Deleted event publications completed more than {} ago", KEEP);
    }
}
