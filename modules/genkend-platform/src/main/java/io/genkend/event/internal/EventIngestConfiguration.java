package io.genkend.event.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventSerializer;

/** Infrastructure of the ingest path that must exist before other beans: the publication batching post-processor. */
@Configuration(proxyBeanMethods = false)
class EventIngestConfiguration {

    @Bean
    static PublicationBatching publicationBatching(ObjectProvider<JdbcTemplate> jdbc,
                                                   ObjectProvider<EventSerializer> serializer) {
        return new PublicationBatching(jdbc, serializer);
    }
}
