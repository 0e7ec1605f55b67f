package io.genkend.web.internal;

import io.genkend.customer.Channel;
import io.genkend.outreach.ContactPolicies;
import io.genkend.outreach.ContactPolicyInvalidException;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/contact-policy}: the tenant admin's page for the outreach module's contact policy (frequency caps
 * per channel or all channels and per day, week and month; quiet hours; the response window), the e-mail sender
 * and SMS/push provider settings, and the tenant's default time zone. Saved through {@link ContactPolicies} (the
 * same validation as {@code PUT /api/v1/outreach/settings}) and {@link TenantDirectory#setTimeZone} in one
 * transaction, after both were checked: a refused form writes nothing.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class ContactPolicyPageController {

    /** The cap scopes shown as rows: every channel together, then each channel. */
    static final List<String> SCOPES;

    static {
        List<String> scopes = new ArrayList<>();
        scopes.add(ContactPolicies.ALL);
        for (Channel channel : Channel.values()) {
            scopes.add(channel.name());
        }
        SCOPES = List.copyOf(scopes);
    }

    private final ContactPolicies policies;
    private final TenantDirectory tenants;
    private final TransactionTemplate transactions;
    private final MessageSource messages;

    ContactPolicyPageController(ContactPolicies policies, TenantDirectory tenants, TransactionTemplate transactions,
                                MessageSource messages) {
        this.policies = policies;
        this.tenants = tenants;
        this.transactions = transactions;
        this.messages = messages;
    }

    @GetMapping("/admin/contact-policy")
    String page(Model model) {
        ContactPolicies.Settings current = policies.current();
        Map<String, String> form = new LinkedHashMap<>();
        current.caps().forEach((scope, limits) -> limits.forEach((period, limit) ->
                form.put(capField(scope, period), String.valueOf(limit))));
        form.put("quietStart", nullToEmpty(current.quietStart()));
        form.put("quietEnd", nullToEmpty(current.quietEnd()));
        form.put("responseWindowHours", current.responseWindowHours() == null ? ""
                : current.responseWindowHours().toString());
        form.put("senderEmail", nullToEmpty(current.senderEmail()));
        form.put("smsUrl", nullToEmpty(current.smsUrl()));
        form.put("pushUrl", nullToEmpty(current.pushUrl()));
        form.put("timeZone", tenants.timeZone(TenantContext.require()));
        return show(model, form, Map.of(), current.providerToken() != null);
    }

    @PostMapping("/admin/contact-policy")
    String save(@RequestParam Map<String, String> params, Model model, RedirectAttributes redirect,
                Locale locale) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.remove("_csrf");
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> caps = new LinkedHashMap<>();
        for (String scope : SCOPES) {
            for (String period : ContactPolicies.PERIODS) {
                String field = capField(scope, period);
                String text = form.getOrDefault(field, "").trim();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    caps.computeIfAbsent(scope, s -> new LinkedHashMap<>()).put(period, Integer.valueOf(text));
                } catch (NumberFormatException e) {
                    errors.put(field, message("policy.invalid.cap", null, locale));
                }
            }
        }
        Integer window = null;
        String windowText = form.getOrDefault("responseWindowHours", "").trim();
        if (!windowText.isEmpty()) {
            try {
                window = Integer.valueOf(windowText);
            } catch (NumberFormatException e) {
                errors.put("responseWindowHours", message("policy.invalid.responseWindowHours", null, locale));
            }
        }
        String zone = form.getOrDefault("timeZone", "").trim();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            errors.put("timeZone", message("policy.invalid.timeZone", null, locale));
        }
        String token = form.getOrDefault("providerToken", "");
        boolean clearToken = "on".equals(form.get("clearToken"));
        ContactPolicies.Settings next = new ContactPolicies.Settings(caps, form.get("quietStart"),
                form.get("quietEnd"), window, form.get("senderEmail"), form.get("smsUrl"), form.get("pushUrl"),
                clearToken ? null : token.isBlank() ? "***" : token);
        try {
            // The outreach module validates inside the transaction even when a field here is already wrong (so
            // that every error shows at once); then the transaction is rolled back and nothing is written.
            transactions.executeWithoutResult(status -> {
                policies.save(next);
                if (errors.isEmpty()) {
                    tenants.setTimeZone(TenantContext.require(), zone);
                } else {
                    status.setRollbackOnly();
                }
            });
        } catch (ContactPolicyInvalidException e) {
            for (Map<String, String> error : e.errors()) {
                String field = error.get("field");
                String shown = field.startsWith("caps.") ? field.replace('.', '-') : field;
                String key = field.startsWith("caps.") ? "policy.invalid.cap" : "policy.invalid." + field;
                errors.putIfAbsent(shown, message(key, new Object[] {error.get("message")}, locale,
                        error.get("message")));
            }
        }
        if (errors.isEmpty()) {
            redirect.addFlashAttribute("saved", true);
            return "redirect:/admin/contact-policy";
        }
        form.remove("providerToken");
        return show(model, form, errors, policies.current().providerToken() != null);
    }

    private String show(Model model, Map<String, String> form, Map<String, String> errors, boolean tokenSet) {
        model.addAttribute("form", form);
        model.addAttribute("fieldErrors", errors);
        model.addAttribute("scopes", SCOPES);
        model.addAttribute("periods", ContactPolicies.PERIODS);
        model.addAttribute("tokenSet", tokenSet);
        return "admin/contact-policy";
    }

    /** @return the form field (and element id) of a cap: {@code caps-EMAIL-DAY} */
    static String capField(String scope, String period) {
        return "caps-" + scope + "-" + period;
    }

    private String message(String key, Object[] args, Locale locale) {
        return messages.getMessage(key, args, locale);
    }

    private String message(String key, Object[] args, Locale locale, String fallback) {
        return messages.getMessage(key, args, fallback, locale);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
