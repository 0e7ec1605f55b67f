package io.genkend.decision.internal;

import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Wires the decision module: its properties, the wall {@link Clock} (named {@code clock}, replaced by a fixed one
 * in tests that need one) and a standalone Camunda DMN engine for the eligibility and suitability policies (the
 * same engine implementation Camunda's process engine embeds, without a process engine's deployment cache).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecisionProperties.class)
class DecisionConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The DMN engine of the offer policies, with FEEL expressions parsed once ({@link CachingFeelEngine}). */
    @Bean
    DmnEngine decisionDmnEngine() {
        DefaultDmnEngineConfiguration configuration =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        CachingFeelEngine feel = new CachingFeelEngine();
        return configuration.feelEngineFactory(() -> feel)
                // offer policies are FEEL only: no JUEL (Java reflection) and no scripts, also not at run time
                .elProvider(expression -> {
                    throw new IllegalArgumentException(DmnPolicy.ONLY_FEEL);
                })
                .scriptEngineResolver(language -> {
                    throw new IllegalArgumentException(DmnPolicy.ONLY_FEEL);
                })
                .buildEngine();
    }
}
