package io.genkend.tenancy.internal;

import org.jooq.ConnectionProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Wires the tenant-aware jOOQ connection provider in place of Spring Boot's default one. */
@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    @Bean
    ConnectionProvider tenantConnectionProvider(DataSource dataSource) {
        return new TenantConnectionProvider(dataSource);
    }
}
