package io.genkend.report.internal;

import io.genkend.report.Reports;
import io.genkend.tenancy.TenantContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /reports}: the logged-in user's tenant report as a page; a user without a tenant sees a note. */
@Controller
class ReportPageController {

    private final Reports reports;

    ReportPageController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping("/reports")
    String page(Model model) {
        if (TenantContext.current().isPresent()) {
            model.addAttribute("report", reports.summary());
        }
        return "report/summary";
    }
}
