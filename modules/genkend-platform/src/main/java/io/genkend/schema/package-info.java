/**
 * jOOQ classes generated at build time from the schema that Flyway builds from {@code migrations/} in a real
 * PostgreSQL (see {@code genkend-codegen}). Open to every module: each module queries only its own tables, and
 * PostgreSQL's row-level security keeps tenants apart whatever the query.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN,
        displayName = "Schema (generated)")
package io.genkend.schema;
