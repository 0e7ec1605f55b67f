package io.genkend.outreach.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the outreach module: its properties and the scheduled sender and response-window sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutreachProperties.class)
@EnableScheduling
class OutreachConfiguration {
}
