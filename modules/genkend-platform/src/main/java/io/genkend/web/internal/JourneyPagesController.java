package io.genkend.web.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.journey.JourneyNotFoundException;
import io.genkend.journey.JourneyRejectedException;
import io.genkend.journey.Journeys;
import io.genkend.journey.Journeys.Finding;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The journey designer for marketers: the list of the tenant's journeys, and per journey the bpmn-js modeler
 * (page script {@code static/js/designer-page.js}) with the JSON endpoints it calls: the latest BPMN, validation
 * (findings per element), deployment as a new version, the versions (an htmx fragment) with suspend and
 * activate, live counts per activity, a test run that sends nothing real, and the events the journey did not
 * start for (start failures) with a retry. Another tenant's journey is 404.
 */
@Controller
@PreAuthorize("hasRole('MARKETER')")
class JourneyPagesController {

    /** How many start failures the journey's page lists (the newest). */
    static final int PAGE_FAILURES = 100;

    private final Journeys journeys;
    private final ElementTemplates templates;

    JourneyPagesController(Journeys journeys, ElementTemplates templates) {
        this.journeys = journeys;
        this.templates = templates;
    }

    /**
     * The tenant's journeys: each latest version, with the running instances and open incidents of all its versions
     * and its open start failures (linking to the journey's page, where they are listed).
     */
    @GetMapping("/journeys")
    String list(Model model) {
        listModel(model);
        return "journeys/list";
    }

    private void listModel(Model model) {
        model.addAttribute("journeys", journeys.list());
        model.addAttribute("totals", journeys.totals());
    }

    @PostMapping("/journeys/upload")
    String upload(@RequestParam("file") MultipartFile file, RedirectAttributes redirect, Model model)
            throws IOException {
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                ? "journey.bpmn" : file.getOriginalFilename();
        try {
            Journeys.Deployed deployed = journeys.deploy(name, file.getBytes());
            if (deployed.journeys().isEmpty()) {
                return "redirect:/journeys";
            }
            return "redirect:/journeys/" + deployed.journeys().get(0).key();
        } catch (JourneyRejectedException e) {
            listModel(model);
            model.addAttribute("rejected", e.getMessage());
            model.addAttribute("findings", e.findings());
            return "journeys/list";
        }
    }

    @GetMapping("/journeys/{key}")
    String designer(@PathVariable String key, Model model) {
        Journeys.JourneyView journey = journeys.find(key)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("journey", journey);
        model.addAttribute("versions", journeys.versions(key));
        // the newest PAGE_FAILURES; the API pages further (GET /api/v1/journeys/{key}/start-failures?limit=)
        List<Journeys.StartFailureView> failures = journeys.startFailures(key, PAGE_FAILURES + 1);
        model.addAttribute("startFailures", failures.stream().limit(PAGE_FAILURES).toList());
        model.addAttribute("moreStartFailures", failures.size() > PAGE_FAILURES);
        return "journeys/designer";
    }

    /**
     * Retries the journey's open start failures (the form under "Events it did not start for"); back to the
     * journey's page with the outcome, or with the refusal when the journey is suspended.
     */
    @PostMapping("/journeys/{key}/start-failures/retry")
    @PreAuthorize("hasAnyRole('MARKETER', 'TENANT_ADMIN')")
    String retryStartFailures(@PathVariable String key, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("retried", journeys.retryStartFailures(key, 100));
        } catch (io.genkend.journey.JourneyNotActiveException e) {
            redirect.addFlashAttribute("retryRefused", true);
        }
        return "redirect:/journeys/" + key;
    }

    @GetMapping(path = "/journeys/{key}/bpmn", produces = MediaType.APPLICATION_XML_VALUE)
    @ResponseBody
    String bpmn(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return journeys.bpmnXml(key, version);
    }

    @GetMapping("/journeys/{key}/versions")
    String versions(@PathVariable String key, Model model) {
        model.addAttribute("journey", journeys.find(key)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("versions", journeys.versions(key));
        return "journeys/designer :: versions";
    }

    @PostMapping("/journeys/{key}/suspend")
    String suspend(@PathVariable String key, Model model) {
        journeys.suspend(key);
        return versions(key, model);
    }

    @PostMapping("/journeys/{key}/activate")
    String activate(@PathVariable String key, Model model) {
        journeys.activate(key);
        return versions(key, model);
    }

    @PostMapping(path = "/journeys/{key}/validate", consumes = {MediaType.APPLICATION_XML_VALUE,
            MediaType.TEXT_XML_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> validate(@PathVariable String key, @RequestBody(required = false) String xml) {
        requireModel(xml);
        Optional<Finding> otherJourney = otherJourney(key, xml);
        if (otherJourney.isPresent()) {
            return Map.of("valid", false, "message", otherJourney.get().message(), "findings", List.of(otherJourney.get()));
        }
        try {
            List<Finding> findings = journeys.validate(key + ".bpmn", xml.getBytes(StandardCharsets.UTF_8));
            return Map.of("valid", findings.stream().noneMatch(f -> "error".equals(f.severity())),
                    "findings", findings);
        } catch (JourneyRejectedException e) {
            return Map.of("valid", false, "message", e.getMessage(), "findings", e.findings());
        }
    }

    @PostMapping(path = "/journeys/{key}/deploy", consumes = {MediaType.APPLICATION_XML_VALUE,
            MediaType.TEXT_XML_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> deploy(@PathVariable String key,
                                               @RequestBody(required = false) String xml) {
        journeys.find(key).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        requireModel(xml);
        Optional<Finding> otherJourney = otherJourney(key, xml);
        if (otherJourney.isPresent()) {
            throw refused(otherJourney.get().message(), List.of(otherJourney.get()));
        }
        try {
            Journeys.Deployed deployed = journeys.deploy(key + ".bpmn", xml.getBytes(StandardCharsets.UTF_8));
            return ResponseEntity.ok(Map.of("journeys", deployed.journeys(), "findings", deployed.findings(),
                    "unchanged", deployed.unchanged()));
        } catch (JourneyRejectedException e) {
            throw refused(e.getMessage(), e.findings());
        }
    }

    /**
     * The designer's refusal of a model at deploy (another journey's process, a model the engine refuses, error
     * findings): 422 {@code application/problem+json} of type {@code journey-rejected}, {@code detail} the message,
     * and the extension member {@code findings} (the {@link Finding}s, as {@code /validate} lists them) that the
     * page marks on the elements.
     */
    private static org.springframework.web.ErrorResponseException refused(String message, List<Finding> findings) {
        org.springframework.web.ErrorResponseException problem = ProblemTypes.problem(
                HttpStatus.UNPROCESSABLE_ENTITY, "journey-rejected", message);
        problem.getBody().setProperty("findings", findings);
        return problem;
    }

    /**
     * Refuses a body that cannot be a model before the engine parses it: 400 {@code malformed} saying the body is
     * empty, or is not XML (the BPMN model the designer sends). Spring's own answer to an empty body spoke of JSON.
     */
    private static void requireModel(String xml) {
        if (xml == null || xml.isBlank()) {
            throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed",
                    "The body is empty: send the journey's BPMN model (XML).");
        }
        if (!xml.stripLeading().startsWith("<")) {
            throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed",
                    "The body is not a BPMN model: send the journey's BPMN model (XML).");
        }
    }

    /**
     * @return an error finding when the model's executable processes are not the page's journey alone (the designer
     *         of one journey would otherwise validate and deploy another, whose id was changed or pasted in, also as
     *         a second process next to it); empty when they are, or when the model does not parse (the engine's
     *         findings say why)
     */
    static Optional<Finding> otherJourney(String key, String xml) {
        List<String> ids = Journeys.journeyKeys(xml.getBytes(StandardCharsets.UTF_8));
        List<String> others = ids.stream().filter(id -> !id.equals(key)).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(others.get(0), "error", "This is the designer of journey '" + key
                + "', but the model deploys '" + String.join("', '", others) + "': keep only the process '" + key
                + "', and deploy the other journey from its own page or the journeys API.", null));
    }

    @GetMapping(path = "/journeys/{key}/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Journeys.ActivityStats> stats(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return journeys.stats(key, version);
    }

    @PostMapping(path = "/journeys/{key}/test-run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> testRun(@PathVariable String key, @RequestBody TestRun run) {
        String instance = journeys.startTestRun(key, blankToNull(run.eventName()), blankToNull(run.customerId()),
                run.properties() == null ? Map.of() : run.properties());
        return Map.of("processInstanceId", instance, "trail", journeys.trail(instance));
    }

    @GetMapping(path = "/journeys/test-runs/{instance}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Journeys.StepTrail> trail(@PathVariable String instance) {
        return journeys.trail(instance);
    }

    @GetMapping(path = "/designer/element-templates", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    String elementTemplates() {
        return templates.json();
    }

    @ExceptionHandler(JourneyNotFoundException.class)
    void notFound(jakarta.servlet.http.HttpServletResponse response) throws IOException {
        response.sendError(HttpStatus.NOT_FOUND.value());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * A test run asked for by the designer.
     *
     * @param eventName  trigger event, or blank for the journey's first
     * @param customerId customer to pretend for, or blank
     * @param properties the sample event's properties
     */
    record TestRun(String eventName, String customerId, Map<String, Object> properties) {
    }
}
