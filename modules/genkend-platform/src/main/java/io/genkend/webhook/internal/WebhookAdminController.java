package io.genkend.webhook.internal;

import io.genkend.webhook.WebhookEventTypes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/webhooks}: the tenant admin's page for webhook subscriptions (create, enable, disable, rotate the
 * secret, delete), their health, dead deliveries to replay, and notices. The same services as the REST API; a
 * new secret is shown once, after the redirect.
 */
@Controller
@RequestMapping("/admin/webhooks")
class WebhookAdminController {

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;

    WebhookAdminController(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @GetMapping
    String page(Model model) {
        List<Row> rows = subscriptions.list().stream()
                .map(s -> new Row(s, subscriptions.health(s.id()).orElse(null))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("dead", deliveries.list(null, "DEAD", 50, null));
        model.addAttribute("notices", deliveries.notices());
        model.addAttribute("eventTypes", WebhookEventTypes.KNOWN);
        return "webhook/admin";
    }

    @PostMapping
    String create(@RequestParam(required = false) String url, @RequestParam(required = false) List<String> eventTypes,
                  @RequestParam(required = false) String description, RedirectAttributes redirect) {
        List<String> types = eventTypes == null ? List.of() : eventTypes;
        try {
            WebhookSubscriptions.Created created = subscriptions.create(url == null ? null : url.trim(), types,
                    blankToNull(description), true);
            redirect.addFlashAttribute("secret", Map.of("url", created.subscription().url(),
                    "secret", created.secret()));
        } catch (WebhookSubscriptions.InvalidSubscription invalid) {
            // every refused field at once, with all that was entered, so nothing has to be typed again
            redirect.addFlashAttribute("errors", invalid.fieldErrors());
            redirect.addFlashAttribute("formUrl", url);
            redirect.addFlashAttribute("formDescription", description);
            redirect.addFlashAttribute("formEventTypes", types);
        }
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/{id}/enabled")
    String enable(@PathVariable UUID id, @RequestParam boolean enabled) {
        subscriptions.update(id, null, null, null, enabled).orElseThrow(WebhookAdminController::notFound);
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/{id}/rotate-secret")
    String rotate(@PathVariable UUID id, RedirectAttributes redirect) {
        WebhookSubscriptions.RotatedSecret rotated = subscriptions.rotateSecret(id, null)
                .orElseThrow(WebhookAdminController::notFound);
        redirect.addFlashAttribute("secret", Map.of(
                "url", subscriptions.find(id).map(WebhookSubscriptions.SubscriptionView::url).orElse(""),
                "secret", rotated.secret()));
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id) {
        if (!subscriptions.delete(id)) {
            throw notFound();
        }
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    String replay(@PathVariable UUID id, @PathVariable UUID deliveryId, RedirectAttributes redirect) {
        try {
            deliveries.replay(id, deliveryId).orElseThrow(WebhookAdminController::notFound);
        } catch (WebhookDeliveries.ReplayRefused refused) {
            List<String> args = refused.argument() == null ? List.of() : List.of(refused.argument());
            redirect.addFlashAttribute("errors", List.of(new WebhookSubscriptions.FieldError("replay",
                    refused.getMessage(), refused.code(), args)));
        }
        return "redirect:/admin/webhooks";
    }

    /**
     * An unknown subscription or delivery, or another tenant's (row-level security hides it): 404, the pages'
     * answer for things that are not yours, rather than a redirect that pretends it worked.
     */
    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A subscription with its health, for the table. */
    record Row(WebhookSubscriptions.SubscriptionView subscription, WebhookSubscriptions.EndpointHealth health) {
    }

}
