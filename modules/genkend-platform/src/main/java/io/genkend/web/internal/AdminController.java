package io.genkend.web.internal;

import io.genkend.security.ApiKeys;
import io.genkend.security.Role;
import io.genkend.security.UserAccounts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Tenant administration: users and their roles, and API keys (the secret is shown once, on the page that issued
 * it, and never again). Everything runs for the logged-in admin's tenant; another tenant's key is 404.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminController {

    /** Roles a tenant admin may give. */
    static final List<Role> TENANT_ROLES = List.of(Role.TENANT_ADMIN, Role.MARKETER, Role.SERVICE_AGENT);

    private final UserAccounts users;
    private final ApiKeys apiKeys;

    AdminController(UserAccounts users, ApiKeys apiKeys) {
        this.users = users;
        this.apiKeys = apiKeys;
    }

    @ModelAttribute("tenantRoles")
    List<Role> tenantRoles() {
        return TENANT_ROLES;
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        model.addAttribute("users", users.list());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new NewUser("", "", "", Set.of(Role.SERVICE_AGENT)));
        }
        return "admin/users";
    }

    @PostMapping("/admin/users")
    String saveUser(@Valid @ModelAttribute("form") NewUser form, BindingResult errors, Model model,
                    RedirectAttributes redirect) {
        if (form.roles() == null || form.roles().isEmpty()
                || !TENANT_ROLES.containsAll(form.roles())) {
            errors.rejectValue("roles", "admin.users.rolesRequired");
        }
        if (errors.hasErrors()) {
            model.addAttribute("users", users.list());
            return "admin/users";
        }
        users.upsertTenantUser(form.email(), form.displayName(), form.password(), EnumSet.copyOf(form.roles()));
        redirect.addFlashAttribute("saved", form.email().toLowerCase());
        return "redirect:/admin/users";
    }

    @GetMapping("/admin/api-keys")
    String apiKeys(Model model) {
        model.addAttribute("keys", apiKeys.list());
        model.addAttribute("form", new NewApiKey(""));
        return "admin/api-keys";
    }

    @PostMapping("/admin/api-keys")
    String issue(@Valid @ModelAttribute("form") NewApiKey form, BindingResult errors, Model model) {
        if (!errors.hasErrors()) {
            // Rendered directly (no redirect), so that the secret is never stored in a session or a URL.
            model.addAttribute("issued", apiKeys.issue(form.name()));
        }
        model.addAttribute("keys", apiKeys.list());
        return "admin/api-keys";
    }

    @PostMapping("/admin/api-keys/{id}/revoke")
    String revoke(@PathVariable UUID id) {
        if (!apiKeys.revoke(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/admin/api-keys";
    }

    /**
     * The user form.
     *
     * @param email       login
     * @param displayName name
     * @param password    initial password (at least 10 characters)
     * @param roles       roles to hold
     */
    record NewUser(@NotBlank @Email String email, @NotBlank @Size(max = 200) String displayName,
                   @NotBlank @Size(min = 10, max = 200) String password, Set<Role> roles) {
    }

    /**
     * The API key form.
     *
     * @param name a label for people
     */
    record NewApiKey(@NotBlank @Size(max = 100) String name) {
    }
}
