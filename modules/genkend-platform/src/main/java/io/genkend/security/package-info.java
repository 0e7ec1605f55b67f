/**
 * Security: form login for the UI (sessions in Redis), API keys for tenant systems, the four roles, and the
 * filter that turns the authenticated principal into the current tenant.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package io.genkend.security;
