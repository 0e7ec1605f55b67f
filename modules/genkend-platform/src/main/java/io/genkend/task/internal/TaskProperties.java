package io.genkend.task.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * Settings of the task module ({@code genkend.task.*}).
 *
 * @param groupsByRole the candidate groups whose tasks a staff member with a role works (role name to groups);
 *                     default: {@code SERVICE_AGENT} and {@code TENANT_ADMIN} work {@code service},
 *                     {@code sales}, {@code advisers} and {@code workshop}; {@code MARKETER} works
 *                     {@code marketing}
 */
@ConfigurationProperties("genkend.task")
public record TaskProperties(Map<String, List<String>> groupsByRole) {

    /** Fills in the default groups. */
    public TaskProperties {
        if (groupsByRole == null || groupsByRole.isEmpty()) {
            List<String> staff = List.of("service", "sales", "advisers", "workshop");
            groupsByRole = Map.of("SERVICE_AGENT", staff, "TENANT_ADMIN", staff, "MARKETER", List.of("marketing"));
        }
    }
}
