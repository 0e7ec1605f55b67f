package io.genkend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Genkend's Spring Boot application. Every Maven module shares the base package {@code io.genkend}, so the
 * platform's application modules and the vertical packs form one Spring Modulith module graph.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Genkend")
public class GenkendApplication {

    /**
     * Starts Genkend.
     *
     * @param args Spring Boot command-line arguments ({@code --name=value} properties);
     *             {@code --genkend.migrate-only=true} migrates the schema and exits (see {@link MigrateOnly})
     */
    public static void main(String[] args) {
        if (MigrateOnly.requested(args)) {
            System.exit(MigrateOnly.run(args));
        }
        SpringApplication.run(GenkendApplication.class, args);
    }
}
