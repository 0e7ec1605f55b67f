package io.genkend.web.internal;

import io.genkend.tenancy.TenantDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Platform operators: the tenant list, creating a tenant from a vertical pack, and the platform's health. */
@Controller
@PreAuthorize("hasRole('PLATFORM_ADMIN')")
class OperatorController {

    /** The vertical packs a tenant can be created from. */
    static final List<String> PACKS = List.of("bank", "grocer", "dealer");

    private final TenantDirectory tenants;
    private final HealthContributorRegistry health;

    OperatorController(TenantDirectory tenants, HealthContributorRegistry health) {
        this.tenants = tenants;
        this.health = health;
    }

    @ModelAttribute("packs")
    List<String> packs() {
        return PACKS;
    }

    @GetMapping("/operator/tenants")
    String tenants(Model model) {
        model.addAttribute("tenants", tenants.list());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new NewTenant("", "", "dealer"));
        }
        return "operator/tenants";
    }

    @PostMapping("/operator/tenants")
    String create(@Valid @ModelAttribute("form") NewTenant form, BindingResult errors, Model model,
                  RedirectAttributes redirect) {
        if (!PACKS.contains(form.pack())) {
            errors.rejectValue("pack", "operator.tenants.packUnknown");
        }
        if (!errors.hasErrors()) {
            try {
                tenants.create(form.slug(), form.name(), form.pack());
                redirect.addFlashAttribute("created", form.slug());
                return "redirect:/operator/tenants";
            } catch (DuplicateKeyException e) {
                errors.rejectValue("slug", "operator.tenants.slugTaken");
            }
        }
        model.addAttribute("tenants", tenants.list());
        return "operator/tenants";
    }

    @GetMapping("/operator/health")
    String health(Model model) {
        List<HealthRow> rows = new ArrayList<>();
        health.stream().forEach(named -> {
            if (named.getContributor() instanceof HealthIndicator indicator) {
                Status status;
                try {
                    status = indicator.health().getStatus();
                } catch (RuntimeException e) {
                    status = Status.DOWN;
                }
                rows.add(new HealthRow(named.getName(), status.getCode()));
            }
        });
        rows.sort(java.util.Comparator.comparing(HealthRow::name));
        Runtime runtime = Runtime.getRuntime();
        model.addAttribute("components", rows);
        model.addAttribute("tenantCount", tenants.list().size());
        model.addAttribute("uptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().substring(2).toLowerCase());
        model.addAttribute("heapUsedMb", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
        model.addAttribute("heapMaxMb", runtime.maxMemory() / (1024 * 1024));
        return "operator/health";
    }

    /**
     * The new-tenant form.
     *
     * @param slug URL name
     * @param name display name
     * @param pack vertical pack
     */
    record NewTenant(@NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$") String slug,
                     @NotBlank @Size(max = 200) String name, @NotBlank String pack) {
    }

    /**
     * One health indicator.
     *
     * @param name   indicator name (db, redis, diskSpace, ...)
     * @param status UP, DOWN, OUT_OF_SERVICE or UNKNOWN
     */
    record HealthRow(String name, String status) {
    }
}
