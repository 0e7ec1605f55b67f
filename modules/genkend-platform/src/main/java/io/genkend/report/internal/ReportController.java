package io.genkend.report.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.report.Reports;
import io.genkend.report.TenantReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/reports/summary}: the calling tenant's report as JSON (any API key of the tenant). */
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    /**
     * The report covers everything from the tenant's first event until {@code generatedAt}; it takes no period.
     * A {@code from} or {@code to} (any value) is 400 {@code validation} naming it, rather than a report silently
     * covering another span than the one asked for.
     */
    @GetMapping("/summary")
    TenantReport summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        List<Map<String, String>> errors = new ArrayList<>();
        String why = "not supported: the report covers everything from the first event until generatedAt";
        if (from != null) {
            errors.add(Map.of("field", "from", "message", why));
        }
        if (to != null) {
            errors.add(Map.of("field", "to", "message", why));
        }
        if (!errors.isEmpty()) {
            throw ProblemTypes.validation("The report takes no period: it covers everything from the tenant's first"
                    + " event until generatedAt.", errors);
        }
        return reports.summary();
    }
}
