package io.genkend.decision.internal;

import io.genkend.decision.OfferSpec;

import io.genkend.api.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/offers}: the calling tenant's offer catalogue (create, read, replace, delete). Bodies are
 * {@link OfferSpec}s; DMN XML is validated before it is stored (400 with the offending field). Another tenant's
 * offer is 404. POST and PUT answer the offer as stored (read back). Wrong JSON types answer 400 naming the field
 * (ProblemHandler).
 */
@RestController
@RequestMapping("/api/v1/offers")
class OfferController {

    private final OfferRepository offers;

    OfferController(OfferRepository offers) {
        this.offers = offers;
    }

    @GetMapping
    List<OfferSpec> list() {
        return offers.all();
    }

    @GetMapping("/{code}")
    OfferSpec get(@PathVariable String code) {
        return offers.spec(code).orElseThrow(() -> notFound(code));
    }

    @PostMapping
    ResponseEntity<OfferSpec> create(@RequestBody OfferSpec spec) {
        validate(spec);
        if (offers.spec(spec.code()).isPresent()) {
            throw ProblemTypes.problem(HttpStatus.CONFLICT, "conflict", "Offer " + spec.code() + " exists; PUT it.");
        }
        offers.save(spec);
        return ResponseEntity.created(URI.create("/api/v1/offers/" + spec.code())).body(get(spec.code()));
    }

    @PutMapping("/{code}")
    OfferSpec replace(@PathVariable String code, @RequestBody OfferSpec spec) {
        if (spec.code() != null && !spec.code().equals(code)) {
            throw ProblemTypes.validation("The body's code differs from the path's.",
                    List.of(Map.of("field", "code", "message", "must equal " + code)));
        }
        OfferSpec withCode = new OfferSpec(code, spec.name(), spec.category(), spec.value(), spec.lever(),
                spec.contextWeights(), spec.validFrom(), spec.validUntil(), spec.channels(), spec.templates(),
                spec.eligibilityDmn(), spec.suitabilityDmn(), spec.applicability(), spec.prior(),
                spec.responseWindowHours(), spec.active());
        validate(withCode);
        offers.save(withCode);
        return get(code); // what was stored, not what was sent
    }

    @DeleteMapping("/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String code) {
        if (!offers.delete(code)) {
            throw notFound(code);
        }
    }

    /**
     * The same checks as the offers page's (through {@link OfferRepository#validate}); the refusal is answered as a
     * validation problem by the API's problem handler.
     */
    private void validate(OfferSpec spec) {
        offers.validate(spec);
    }

    private static RuntimeException notFound(String code) {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No offer " + code + ".");
    }
}
