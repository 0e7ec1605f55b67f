package io.genkend.event.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.security.CurrentPrincipal;
import io.genkend.security.GenkendPrincipal;
import io.genkend.security.Role;
import io.genkend.tenancy.TenantContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Inbound webhook secrets of the current tenant, per source: {@code PUT /api/v1/inbound-webhooks/{source}/secret}
 * (body {@code {"secret": "whsec_..."}}, or empty to generate one) rotates, {@code GET /api/v1/inbound-webhooks}
 * lists (without secret values), {@code DELETE /api/v1/inbound-webhooks/{source}} removes. For tenant admins and
 * API keys.
 */
@RestController
@RequestMapping(path = "/api/v1/inbound-webhooks", produces = "application/json")
class InboundWebhookSecretController {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final InboundWebhookSecrets secrets;

    InboundWebhookSecretController(InboundWebhookSecrets secrets) {
        this.secrets = secrets;
    }

    @PutMapping("/{source}/secret")
    InboundWebhookSecrets.Rotation rotate(@PathVariable String source,
                                          @RequestBody(required = false) Map<String, Object> body) {
        authorise();
        checkSource(source);
        Object secret = body == null ? null : body.get("secret");
        if (secret != null && !(secret instanceof String)) {
            throw ProblemTypes.validation("secret must be a string.",
                    List.of(Map.of("field", "secret", "message", "must be a string")));
        }
        try {
            return secrets.rotate(source, (String) secret);
        } catch (IllegalArgumentException e) {
            throw ProblemTypes.validation("The secret is not a Standard Webhooks secret.",
                    List.of(Map.of("field", "secret", "message", e.getMessage().replaceFirst("^secret: ", ""))));
        }
    }

    @GetMapping
    List<InboundWebhookSecrets.SourceSecret> list() {
        authorise();
        return secrets.list();
    }

    @DeleteMapping("/{source}")
    ResponseEntity<Void> delete(@PathVariable String source) {
        authorise();
        if (!secrets.delete(source)) {
            throw ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No secrets for this source.");
        }
        return ResponseEntity.noContent().build();
    }

    private static void checkSource(String source) {
        if (!SOURCE.matcher(source).matches()) {
            throw ProblemTypes.validation("source must be lower-case letters, digits and dashes.",
                    List.of(Map.of("field", "source", "message", "[a-z0-9][a-z0-9-]{0,62}")));
        }
    }

    private static void authorise() {
        GenkendPrincipal principal = CurrentPrincipal.get().orElse(null);
        if (TenantContext.current().isEmpty() || principal == null
                || !(principal.has(Role.TENANT_ADMIN) || principal.has(Role.API_CLIENT))) {
            throw ProblemTypes.problem(HttpStatus.FORBIDDEN, "forbidden",
                    "Inbound webhook secrets are managed by tenant admins and API keys.");
        }
    }
}
