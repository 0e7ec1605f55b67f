/**
 * The web UI: server-rendered Thymeleaf pages with htmx, for marketers, service staff, tenant admins and
 * platform operators.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web UI")
package io.genkend.web;
