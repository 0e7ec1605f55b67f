package io.genkend.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.journey.Journeys;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's dashboard: running journey instances and open incidents per journey, and the open incidents with
 * their cause, drawn with Chart.js ({@code static/js/dashboard.js}) from the JSON in the page, with the same
 * figures as tables for screen readers.
 */
@Controller
@PreAuthorize("hasAnyRole('MARKETER','TENANT_ADMIN')")
class DashboardController {

    private final Journeys journeys;
    private final ObjectMapper mapper;

    DashboardController(Journeys journeys, ObjectMapper mapper) {
        this.journeys = journeys;
        this.mapper = mapper;
    }

    @GetMapping("/dashboard")
    String dashboard(Model model) throws JsonProcessingException {
        List<Journeys.JourneyView> list = journeys.list();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("journeys", list.stream().map(Journeys.JourneyView::name).toList());
        data.put("running", list.stream().map(Journeys.JourneyView::running).toList());
        data.put("incidents", list.stream().map(Journeys.JourneyView::incidents).toList());
        model.addAttribute("journeys", list);
        model.addAttribute("incidents", journeys.incidents(null));
        model.addAttribute("totalRunning", list.stream().mapToLong(Journeys.JourneyView::running).sum());
        // "</" would end the <script> element that carries the JSON.
        model.addAttribute("data", mapper.writeValueAsString(data).replace("</", "<\\/"));
        return "dashboard";
    }
}
