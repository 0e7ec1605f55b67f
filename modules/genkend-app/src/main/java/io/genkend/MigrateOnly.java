package io.genkend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * Migration-only mode ({@code --genkend.migrate-only=true} or {@code GENKEND_MIGRATE_ONLY=true}): starts nothing but
 * the data source and Flyway, applies {@code migrations/} and exits with 0 (or non-zero on failure). The Helm
 * chart runs it as a pre-install/pre-upgrade Job, so that replicas never race on migrations.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public class MigrateOnly {

    /** @return whether the arguments or environment ask for migration-only mode */
    static boolean requested(String[] args) {
        for (String arg : args) {
            if ("--genkend.migrate-only=true".equals(arg) || "--genkend.migrate-only".equals(arg)) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(System.getenv("GENKEND_MIGRATE_ONLY"));
    }

    /**
     * Migrates and returns the exit code.
     *
     * @param args Spring Boot arguments ({@code --spring.datasource.*}, {@code --spring.flyway.*})
     * @return 0 when the schema is up to date
     */
    static int run(String[] args) {
        SpringApplication application = new SpringApplication(MigrateOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setAdditionalProfiles("migrate-only");
        return SpringApplication.exit(application.run(args));
    }
}
