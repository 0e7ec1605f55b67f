package io.genkend.decision.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.customer.CustomerProfiles;
import io.genkend.decision.Decision;
import io.genkend.decision.DecisionHistory.DecidedOffer;
import io.genkend.decision.DecisionRequest;
import io.genkend.decision.Suppressions;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decisions over the API, for tenant apps and for looking into why an offer was (not) chosen:
 * {@code POST /api/v1/decisions} decides for a customer, {@code GET /api/v1/decisions/{id}} and
 * {@code GET /api/v1/decisions?customerId=} (profile id or the tenant's userId) read stored decisions, {@code POST /api/v1/suppressions} suppresses
 * a category for a customer, {@code GET/PUT /api/v1/decisions/settings} read and set the tenant's holdout share.
 */
@RestController
class DecisionController {

    private final OfferArbitration arbitration;
    private final Suppressions suppressions;
    private final Holdout holdout;
    private final CustomerProfiles profiles;

    DecisionController(OfferArbitration arbitration, Suppressions suppressions, Holdout holdout,
                       CustomerProfiles profiles) {
        this.profiles = profiles;
        this.arbitration = arbitration;
        this.suppressions = suppressions;
        this.holdout = holdout;
    }

    @GetMapping("/api/v1/decisions/settings")
    SettingsBody settings() {
        return new SettingsBody(holdout.percent());
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/v1/decisions/settings")
    SettingsBody saveSettings(@RequestBody SettingsBody body) {
        if (body.holdoutPercent() == null || body.holdoutPercent() < 0 || body.holdoutPercent() > 100) {
            throw ProblemTypes.validation("holdoutPercent must be 0 to 100.",
                    List.of(Map.of("field", "holdoutPercent", "message", "must be 0 to 100")));
        }
        holdout.setPercent(body.holdoutPercent());
        return new SettingsBody(holdout.percent());
    }

    @PostMapping("/api/v1/decisions")
    @ResponseStatus(HttpStatus.CREATED)
    Decision decide(@RequestBody DecideBody body) {
        if (body.customerId() == null) {
            throw ProblemTypes.validation("customerId is required.",
                    List.of(Map.of("field", "customerId", "message", "must not be null")));
        }
        requireCustomer(body.customerId());
        return arbitration.decide(new DecisionRequest(body.customerId(), body.context(),
                body.categories() == null ? Set.of() : body.categories(),
                body.contextData() == null ? Map.of() : body.contextData(), null));
    }

    @GetMapping("/api/v1/decisions/{id}")
    DecidedOffer get(@PathVariable UUID id) {
        return arbitration.find(id).orElseThrow(() ->
                ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No decision " + id + "."));
    }

    /**
     * The customer's stored decisions, newest first.
     *
     * @param customerId the customer's profile id or, when no profile has that id, the tenant's own {@code userId},
     *                   else an {@code anonymousId} (as the customer API's {@code {id}}); 404 {@code not-found} when
     *                   the tenant has no such customer, 400 {@code validation} when blank
     * @param limit      1 to 500 (400 {@code validation} naming {@code limit} outside); there is no paging (no
     *                   {@code page}/{@code size})
     */
    @GetMapping("/api/v1/decisions")
    List<DecidedOffer> forCustomer(@RequestParam String customerId,
                                   @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemTypes.validation("The limit must be between 1 and 500.",
                    List.of(Map.of("field", "limit", "message", "must be between 1 and 500")));
        }
        return arbitration.forCustomer(customerByAnyId(customerId), limit);
    }

    /**
     * @return the profile id of the current tenant's customer named by its profile id, else by its {@code userId},
     *         else by an {@code anonymousId} ({@link CustomerProfiles#findByOwnId})
     * @throws org.springframework.web.ErrorResponseException 404 {@code not-found} when there is none, 400
     *         {@code validation} naming {@code customerId} when it is blank
     */
    private UUID customerByAnyId(String ref) {
        if (ref.isBlank()) {
            throw ProblemTypes.validation("customerId must not be blank.",
                    List.of(Map.of("field", "customerId", "message", "must not be blank")));
        }
        return profiles.findByAnyId(ref).map(io.genkend.customer.CustomerProfile::id).orElseThrow(() ->
                ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No customer " + ref + "."));
    }

    @PostMapping("/api/v1/suppressions")
    @ResponseStatus(HttpStatus.CREATED)
    void suppress(@RequestBody SuppressBody body) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (body.customerId() == null) {
            errors.add(Map.of("field", "customerId", "message", "must not be null"));
        }
        if (body.category() == null || body.category().isBlank()) {
            errors.add(Map.of("field", "category", "message", "must not be blank"));
        }
        if (body.days() == null || body.days() <= 0 || body.days() > 3650) {
            errors.add(Map.of("field", "days", "message", "must be 1 to 3650"));
        }
        if (!errors.isEmpty()) {
            throw ProblemTypes.validation("The suppression has invalid fields.", errors);
        }
        requireCustomer(body.customerId());
        suppressions.suppress(body.customerId(), body.category(), Duration.ofDays(body.days()),
                body.reason() == null ? "suppressed over the API" : body.reason());
    }

    /**
     * Refuses a customer the current tenant does not have (another tenant's, or none) with 404 {@code not-found},
     * before anything is written.
     */
    private void requireCustomer(UUID customerId) {
        if (profiles.find(customerId).isEmpty()) {
            throw ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No customer " + customerId + ".");
        }
    }

    /**
     * @param customerId  the customer
     * @param context     decision context (an event name), or {@code null}
     * @param categories  categories to choose from, or empty for all
     * @param contextData facts of the moment for the policies
     */
    record DecideBody(UUID customerId, String context, Set<String> categories, Map<String, Object> contextData) {
    }

    /** @param holdoutPercent share of the tenant's customers in the hashed holdout group, 0 to 100 */
    record SettingsBody(Double holdoutPercent) {
    }

    /**
     * @param customerId the customer
     * @param category   offer category
     * @param days       for how many days
     * @param reason     why
     */
    record SuppressBody(UUID customerId, String category, Integer days, String reason) {
    }
}
