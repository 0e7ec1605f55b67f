package io.genkend.web.internal;

import io.genkend.security.CurrentPrincipal;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page, the start page after login and the operator's tenant list. */
@Controller
class HomeController {

    private final TenantDirectory tenants;

    HomeController(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        CurrentPrincipal.get().ifPresent(p -> model.addAttribute("principal", p));
        return "home";
    }

    @GetMapping("/operator/tenants")
    String operatorTenants(Model model) {
        model.addAttribute("tenants", tenants.list());
        return "operator/tenants";
    }
}
