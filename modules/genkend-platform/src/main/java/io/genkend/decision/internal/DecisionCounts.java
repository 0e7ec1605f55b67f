package io.genkend.decision.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.decision.DecisionStatistics;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.genkend.schema.Tables.DECISION;
import static io.genkend.schema.Tables.HOLDOUT_MEMBER;
import static io.genkend.schema.Tables.OFFER_RESPONSE;

/**
 * {@link DecisionStatistics} on the {@code decision}, {@code holdout_member} and {@code offer_response} tables
 * (row-level security keeps them to the current tenant). Echo candidates are read from the stored candidates:
 * {@code droppedBy} {@code suppression} with a reason starting "category ", or {@code applicability} with the
 * reason "category X bought|booked ..." that {@link OfferArbitration} writes.
 */
@Service
class DecisionCounts implements DecisionStatistics {

    private static final Pattern RECENTLY_BOUGHT = Pattern.compile("^category \\S+ (bought|booked) .*");

    private final DSLContext dsl;
    private final ObjectMapper json;

    DecisionCounts(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public DecisionSummary summary() {
        TenantContext.require();
        var count = DSL.count();
        long decisions = dsl.fetchCount(DECISION);
        long withoutOffer = dsl.fetchCount(DECISION, DECISION.OFFER_CODE.isNull());
        Map<String, Long> offers = new LinkedHashMap<>();
        dsl.select(DECISION.OFFER_CODE, count).from(DECISION).where(DECISION.OFFER_CODE.isNotNull())
                .groupBy(DECISION.OFFER_CODE).orderBy(count.desc(), DECISION.OFFER_CODE)
                .forEach(r -> offers.put(r.value1(), r.value2().longValue()));
        return new DecisionSummary(decisions, withoutOffer, offers, echo(), holdout());
    }

    private EchoSuppression echo() {
        long bySuppression = 0;
        long byApplicability = 0;
        long decisions = 0;
        Map<String, Long> byOffer = new TreeMap<>();
        try (var candidates = dsl.select(DECISION.CANDIDATES).from(DECISION).fetchSize(500).fetchLazy()) {
            for (var record : candidates) {
                boolean echoed = false;
                for (JsonNode candidate : read(record.value1())) {
                    String droppedBy = candidate.path("droppedBy").asText("");
                    String reason = candidate.path("reason").asText("");
                    boolean suppressed = "suppression".equals(droppedBy) && reason.startsWith("category ");
                    boolean recent = "applicability".equals(droppedBy) && RECENTLY_BOUGHT.matcher(reason).matches();
                    if (suppressed || recent) {
                        echoed = true;
                        bySuppression += suppressed ? 1 : 0;
                        byApplicability += recent ? 1 : 0;
                        byOffer.merge(candidate.path("offerCode").asText(), 1L, Long::sum);
                    }
                }
                decisions += echoed ? 1 : 0;
            }
        }
        return new EchoSuppression(bySuppression + byApplicability, bySuppression, byApplicability, byOffer,
                decisions);
    }

    private HoldoutSummary holdout() {
        Set<UUID> holdout = new HashSet<>(dsl.selectDistinct(DECISION.CUSTOMER_ID).from(DECISION)
                .where(DECISION.HOLDOUT.isTrue()).fetch(DECISION.CUSTOMER_ID));
        long explicit = dsl.fetchCount(HOLDOUT_MEMBER);
        holdout.addAll(dsl.select(HOLDOUT_MEMBER.CUSTOMER_ID).from(HOLDOUT_MEMBER).fetch(HOLDOUT_MEMBER.CUSTOMER_ID));
        long holdoutDecisions = dsl.fetchCount(DECISION, DECISION.HOLDOUT.isTrue());
        Set<UUID> treated = new HashSet<>(dsl.selectDistinct(DECISION.CUSTOMER_ID).from(DECISION)
                .where(DECISION.HOLDOUT.isFalse(), DECISION.OFFER_CODE.isNotNull()).fetch(DECISION.CUSTOMER_ID));
        treated.removeAll(holdout);
        Set<UUID> accepted = new HashSet<>(dsl.selectDistinct(OFFER_RESPONSE.CUSTOMER_ID).from(OFFER_RESPONSE)
                .where(OFFER_RESPONSE.RESPONSE.eq("ACCEPTED")).fetch(OFFER_RESPONSE.CUSTOMER_ID));
        long holdoutAccepted = holdout.stream().filter(accepted::contains).count();
        long treatedAccepted = treated.stream().filter(accepted::contains).count();
        return new HoldoutSummary(holdout.size(), explicit, holdoutDecisions, holdoutAccepted, treated.size(),
                treatedAccepted);
    }

    private JsonNode read(JSONB candidates) {
        try {
            return json.readTree(candidates == null ? "[]" : candidates.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
