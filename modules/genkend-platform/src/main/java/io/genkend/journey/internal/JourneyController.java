package io.genkend.journey.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.journey.JourneyNotFoundException;
import io.genkend.journey.JourneyRejectedException;
import io.genkend.journey.Journeys;
import io.genkend.journey.Journeys.ActivityStats;
import io.genkend.journey.Journeys.Deployed;
import io.genkend.journey.Journeys.Finding;
import io.genkend.journey.Journeys.IncidentView;
import io.genkend.journey.Journeys.JourneyView;
import io.genkend.journey.Journeys.StepTrail;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The journeys REST API ({@code /api/v1/journeys}) for the current tenant: list, deploy (multipart BPMN or DMN as
 * a new version), validate, suspend and activate, statistics per activity, incidents with their cause, start
 * failures (events a journey did not start for) with their retry, test runs,
 * and the callback of tenant systems to a waiting fulfilment step. Another tenant's journey answers 404.
 */
@RestController
@RequestMapping("/api/v1/journeys")
class JourneyController {

    private static final Logger log = LoggerFactory.getLogger(JourneyController.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private final Journeys journeys;
    private final JourneyTriggers triggers;
    private final RuntimeService runtime;
    private final CustomerProfiles profiles;

    JourneyController(Journeys journeys, JourneyTriggers triggers, RuntimeService runtime,
                      CustomerProfiles profiles) {
        this.profiles = profiles;
        this.journeys = journeys;
        this.triggers = triggers;
        this.runtime = runtime;
    }

    /** @return the latest version of each journey */
    @GetMapping
    List<JourneyView> list() {
        return journeys.list();
    }

    /**
     * Deploys a model (form field {@code file}) as a new version: 201 with the journeys and findings, or 200 with the
     * existing versions and {@code unchanged: true} when the model is identical to its journeys' latest versions
     * (nothing was created).
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Deployed> deploy(@RequestPart("file") MultipartFile file) throws IOException {
        Deployed deployed = journeys.deploy(fileName(file), file.getBytes());
        return ResponseEntity.status(deployed.unchanged() ? HttpStatus.OK : HttpStatus.CREATED).body(deployed);
    }

    /**
     * A deploy or validate request that is not {@code multipart/form-data} (no body, no Content-Type, JSON, raw
     * XML): 415 {@code unsupported-media-type} saying how to send the model, instead of Spring's "Content-Type
     * 'null' is not supported." (the multipart mappings above take every multipart request).
     */
    @PostMapping(path = {"", "/validate"})
    ResponseEntity<Void> notMultipart() {
        org.springframework.web.ErrorResponseException problem = ProblemTypes.problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Send the model as multipart/form-data, part 'file' (a .bpmn or .dmn file), such as"
                        + " curl -F file=@journey.bpmn.");
        problem.getHeaders().setAccept(List.of(MediaType.MULTIPART_FORM_DATA));
        throw problem;
    }

    /** Checks a model without deploying it. */
    @PostMapping(path = "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, List<Finding>> validate(@RequestPart("file") MultipartFile file) throws IOException {
        return Map.of("findings", journeys.validate(fileName(file), file.getBytes()));
    }

    /** @return open incidents of every journey */
    @GetMapping("/incidents")
    List<IncidentView> allIncidents() {
        return journeys.incidents(null);
    }

    /** @return open start failures of every journey, newest first, at most {@code limit} (1 to 1000, 100) */
    @GetMapping("/start-failures")
    List<Journeys.StartFailureView> allStartFailures(@RequestParam(defaultValue = "100") int limit) {
        return journeys.startFailures(null, listLimit(limit));
    }

    /** @return {@code limit} when it is 1 to 1000; 400 naming the field otherwise */
    private static int listLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemTypes.validation("The limit must be between 1 and 1000.",
                    List.of(Map.of("field", "limit", "message", "must be between 1 and 1000")));
        }
        return limit;
    }

    /** @return the latest version of a journey with its versions */
    @GetMapping("/{key}")
    Map<String, Object> one(@PathVariable String key) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("journey", journeys.find(key).orElseThrow(() -> new JourneyNotFoundException("Journey '" + key
                + "'")));
        answer.put("versions", journeys.versions(key));
        return answer;
    }

    /** @return every version, newest first */
    @GetMapping("/{key}/versions")
    List<JourneyView> versions(@PathVariable String key) {
        return journeys.versions(key);
    }

    /** @return the BPMN XML of a version (latest by default) */
    @GetMapping(path = "/{key}/bpmn", produces = MediaType.APPLICATION_XML_VALUE)
    String bpmn(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return journeys.bpmnXml(key, version);
    }

    @PostMapping("/{key}/suspend")
    JourneyView suspend(@PathVariable String key) {
        journeys.suspend(key);
        return journeys.find(key).orElseThrow();
    }

    @PostMapping("/{key}/activate")
    JourneyView activate(@PathVariable String key) {
        journeys.activate(key);
        return journeys.find(key).orElseThrow();
    }

    /** @return running instances and open incidents per activity id (all versions, or one) */
    @GetMapping("/{key}/stats")
    List<ActivityStats> stats(@PathVariable String key, @RequestParam(required = false) Integer version) {
        return journeys.stats(key, version);
    }

    @GetMapping("/{key}/incidents")
    List<IncidentView> incidents(@PathVariable String key) {
        return journeys.incidents(key);
    }

    /**
     * @return the journey's open start failures (events it did not start for), newest first, at most {@code limit}
     *         (1 to 1000, default 100)
     */
    @GetMapping("/{key}/start-failures")
    List<Journeys.StartFailureView> startFailures(@PathVariable String key,
                                                  @RequestParam(defaultValue = "100") int limit) {
        return journeys.startFailures(key, listLimit(limit));
    }

    /**
     * Feeds the events of the journey's open start failures (oldest first, at most {@code limit}, 1 to 1000,
     * default 100) to its current version again: 200 with the counts; 409 {@code journey-not-active} when the
     * latest version is suspended; 400 for a limit out of range.
     */
    @PostMapping("/{key}/start-failures/retry")
    Journeys.RetryOutcome retryStartFailures(@PathVariable String key,
                                             @RequestParam(defaultValue = "100") int limit) {
        return journeys.retryStartFailures(key, listLimit(limit));
    }

    /**
     * A test run: body {@code {"eventName": "repair.booked", "customerId": "...", "properties": {...}}}.
     *
     * @return 201 with {@code processInstanceId}
     */
    @PostMapping("/{key}/test-runs")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> testRun(@PathVariable String key, @RequestBody(required = false) TestRun body) {
        TestRun run = body == null ? new TestRun(null, null, null) : body;
        return Map.of("processInstanceId", journeys.startTestRun(key, run.eventName(), run.customerId(),
                run.properties()));
    }

    /**
     * @param customerId the customer's profile id or, when no profile has that id, the tenant's own {@code userId},
     *                   else an {@code anonymousId} ({@link CustomerProfiles#findByAnyId}); 404 {@code not-found}
     *                   when the tenant has no such customer, 400 {@code validation} naming the field when blank
     * @return the customer's journey instances, newest first
     */
    @GetMapping("/instances")
    List<Journeys.InstanceView> instances(@RequestParam String customerId) {
        if (customerId.isBlank()) {
            throw ProblemTypes.validation("customerId must not be blank.",
                    List.of(Map.of("field", "customerId", "message", "must not be blank")));
        }
        CustomerProfile customer = profiles.findByAnyId(customerId).orElseThrow(() ->
                ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No customer " + customerId + "."));
        return journeys.instancesOf(customer.id().toString());
    }

    /** @return the steps an instance has passed, in order */
    @GetMapping("/instances/{processInstanceId}/trail")
    List<StepTrail> trail(@PathVariable String processInstanceId) {
        return journeys.trail(processInstanceId);
    }

    /**
     * The callback of a tenant system to a fulfilment step waiting at {@code callback:<token>}. The body's
     * top-level fields become process variables {@code callback<Field>} (such as {@code callbackStatus}).
     *
     * @return 202, or 404 when nothing of this tenant waits for the token
     */
    @PostMapping("/callbacks/{token}")
    ResponseEntity<Map<String, String>> callback(@PathVariable String token,
                                                 @RequestBody(required = false) Map<String, Object> body) {
        if (!TOKEN.matcher(token).matches()) {
            throw new JourneyNotFoundException("Callback");
        }
        Map<String, Object> variables = new HashMap<>();
        if (body != null) {
            triggers.variables(body).forEach((name, value) -> variables.put("callback"
                    + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1), value));
        }
        variables.put("callbackReceivedAt", Date.from(Instant.now()));
        try {
            var result = runtime.createMessageCorrelation("callback:" + token)
                    .tenantId(TenantContext.require().camundaTenantId()).setVariables(variables)
                    .correlateWithResult();
            return ResponseEntity.accepted().body(Map.of("processInstanceId",
                    result.getExecution().getProcessInstanceId()));
        } catch (MismatchingMessageCorrelationException e) {
            // the caller's mistake (a late, repeated or made-up token): one line; the engine's ERROR is demoted
            // to DEBUG by JourneyEnginePlugin.QuietRefusals
            log.info("No step waits for callback {}: 404", token);
            throw new JourneyNotFoundException("Callback");
        }
    }

    @ExceptionHandler(JourneyNotFoundException.class)
    ProblemDetail notFound(JourneyNotFoundException e) {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()).getBody();
    }

    @ExceptionHandler(io.genkend.journey.JourneyNotActiveException.class)
    ProblemDetail notActive(io.genkend.journey.JourneyNotActiveException e) {
        return ProblemTypes.problem(HttpStatus.CONFLICT, "journey-not-active", e.getMessage()).getBody();
    }

    @ExceptionHandler(JourneyRejectedException.class)
    ProblemDetail rejected(JourneyRejectedException e) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, "journey-rejected", e.getMessage())
                .getBody();
        problem.setProperty("errors", e.findings().stream().map(f -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", f.elementId() == null ? "file" : f.elementId());
            error.put("message", f.message());
            error.put("severity", f.severity());
            if (f.line() != null) {
                error.put("line", f.line());
            }
            return error;
        }).toList());
        return problem;
    }

    private static String fileName(MultipartFile file) {
        String name = file.getOriginalFilename();
        if (name == null || name.isBlank()) {
            return "journey.bpmn";
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    /**
     * A test run's sample event.
     *
     * @param eventName  trigger event name, or {@code null} for the first
     * @param customerId customer to pretend for, or {@code null}
     * @param properties sample properties
     */
    record TestRun(String eventName, String customerId, Map<String, Object> properties) {
    }
}
