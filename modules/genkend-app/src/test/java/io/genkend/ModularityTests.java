package io.genkend;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifies the application module structure (no cycles, no access to another module's internals) and writes
 * the module documentation (PlantUML component diagrams and module canvases) into {@code docs/modules}.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(GenkendApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void platformModulesAreDetected() {
        assertThat(modules.stream().map(m -> m.getBasePackage().getName()))
                .contains("io.genkend.tenancy", "io.genkend.security", "io.genkend.api", "io.genkend.journey");
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("../../docs/modules"))
                .writeDocumentation();
        assertThat(new java.io.File("../../docs/modules/components.puml")).exists();
    }
}
