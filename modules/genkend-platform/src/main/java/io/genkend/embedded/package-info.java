/**
 * The embedded default: with no database or Redis configured, Genkend starts an embedded PostgreSQL 15 and an
 * embedded Redis of its own, keeps their data in a folder it names at start-up, and turns on the demo profile.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Embedded default")
package io.genkend.embedded;
