package io.genkend.web.internal;

import io.genkend.security.CurrentPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page and the start page after login, which points each role to its work. */
@Controller
class HomeController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        CurrentPrincipal.get().ifPresent(p -> model.addAttribute("principal", p));
        return "home";
    }
}
