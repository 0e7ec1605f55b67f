package io.genkend.report.internal;

import io.genkend.report.Reports;
import io.genkend.report.TenantReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/reports/summary}: the calling tenant's report as JSON (any API key of the tenant). */
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping("/summary")
    TenantReport summary() {
        return reports.summary();
    }
}
