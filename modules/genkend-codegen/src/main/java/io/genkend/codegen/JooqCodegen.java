package io.genkend.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build-time jOOQ generator: starts an embedded PostgreSQL 15 (zonky), migrates it with the Flyway scripts in
 * {@code migrations/} exactly as production does, and generates jOOQ classes from the schema as it stands there
 * (not from jOOQ's H2-based DDL simulation, which mistypes {@code jsonb} and cannot read RLS statements; see
 * STACK.md).
 *
 * <p>Arguments: {@code <migrations dir> <output dir> <package>}. Camunda's {@code act_*} tables, Flyway's history
 * and Spring Modulith's publication registry are left out: they are accessed through their own APIs.
 */
public final class JooqCodegen {

    private JooqCodegen() {
    }

    /**
     * Runs the generation.
     *
     * @param args migrations directory, output directory, target package
     * @throws Exception when PostgreSQL cannot start (for example where {@code unshare} is blocked), a migration
     *                   fails or the generator fails; the build then stops
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JooqCodegen <migrations dir> <output dir> <package>");
        }
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String packageName = args[2];
        Files.createDirectories(output);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", "postgres")
                    .locations("filesystem:" + migrations)
                    .placeholders(Map.of("appPassword", "codegen"))
                    .load()
                    .migrate();
            Configuration configuration = new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url)
                            .withUser("postgres").withPassword("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("act_.*|flyway_schema_history|event_publication.*")
                                    .withForcedTypes(new ForcedType()
                                            .withName("INSTANT")
                                            .withIncludeTypes("(?i:timestamp\\ with\\ time\\ zone)")))
                            .withGenerate(new Generate()
                                    .withJavaTimeTypes(true)
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withRoutines(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(packageName)
                                    .withDirectory(output.toString())
                                    .withClean(true)));
            GenerationTool.generate(configuration);
        }
    }
}
