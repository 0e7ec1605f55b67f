/**
 * Demo seeding: the three demo tenants with their users and API keys, in the {@code demo} profile only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo seeding")
package io.genkend.demo;
