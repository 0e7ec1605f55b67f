package io.genkend.decision.internal;

import io.genkend.decision.OfferSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Seeds a new tenant's offer catalogue and fact rules from its pack's {@code offers.json}
 * ({@code io/genkend/pack/<pack>/offers.json} on the classpath; the shape is in docs/decisions.md). DMN policies
 * may be given inline ({@code eligibilityDmn}) or as a resource next to the file ({@code eligibilityDmnResource}).
 * Offers that exist are left as the tenant changed them.
 */
@Component
class OfferPackSeeder {

    private static final Logger log = LoggerFactory.getLogger(OfferPackSeeder.class);

    private final OfferRepository offers;
    private final CustomerFacts facts;
    private final DmnPolicy dmn;
    private final ObjectMapper json;

    OfferPackSeeder(OfferRepository offers, CustomerFacts facts, DmnPolicy dmn, ObjectMapper json) {
        this.offers = offers;
        this.facts = facts;
        this.dmn = dmn;
        this.json = json;
    }

    /** Seeds the new tenant's catalogue from its pack, after the tenant's commit. */
    @ApplicationModuleListener
    void on(TenantCreated event) {
        if (event.pack() == null) {
            return;
        }
        TenantContext.runAs(event.tenant(), () -> seed(event.pack()));
    }

    /**
     * Loads {@code offers.json} of a pack into the current tenant.
     *
     * @return how many offers were added
     * @throws IllegalStateException when the file is unreadable or an offer in it is invalid
     */
    @Transactional
    int seed(String pack) {
        String base = "io/genkend/pack/" + pack + "/";
        ClassPathResource resource = new ClassPathResource(base + "offers.json");
        if (!resource.exists()) {
            log.info("Pack {} has no offers.json", pack);
            return 0;
        }
        try (InputStream in = resource.getInputStream()) {
            JsonNode root = json.readTree(in);
            int added = 0;
            for (JsonNode node : root.path("offers")) {
                ObjectNode offer = (ObjectNode) node.deepCopy();
                inline(offer, "eligibilityDmnResource", "eligibilityDmn", base);
                inline(offer, "suitabilityDmnResource", "suitabilityDmn", base);
                OfferSpec spec = json.treeToValue(offer, OfferSpec.class);
                if (!spec.errors().isEmpty()) {
                    throw new IllegalStateException("Offer " + spec.code() + " of pack " + pack + ": " + spec.errors());
                }
                for (String xml : new String[] {spec.eligibilityDmn(), spec.suitabilityDmn()}) {
                    if (xml != null && dmn.problemWith(xml) != null) {
                        throw new IllegalStateException("Offer " + spec.code() + ": " + dmn.problemWith(xml));
                    }
                }
                if (offers.spec(spec.code()).isEmpty()) {
                    offers.store(spec);
                    added++;
                }
            }
            for (JsonNode rule : root.path("facts")) {
                facts.saveRule(json.treeToValue(rule, CustomerFacts.FactRuleSpec.class));
            }
            log.info("Seeded {} offers of pack {}", added, pack);
            return added;
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + base + "offers.json", e);
        }
    }

    private static void inline(ObjectNode offer, String resourceField, String field, String base) throws IOException {
        JsonNode name = offer.remove(resourceField);
        if (name != null && !name.isNull()) {
            try (InputStream in = new ClassPathResource(base + name.asText()).getInputStream()) {
                offer.put(field, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
