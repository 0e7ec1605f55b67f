package io.genkend.customer.internal;

import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerSearch;
import io.genkend.tenancy.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.genkend.schema.Tables.CUSTOMER;
import static io.genkend.schema.Tables.CUSTOMER_IDENTITY;

/**
 * {@link CustomerSearch} on {@code customer} and {@code customer_identity}. The phone and name expressions are
 * the ones migration V96 indexes, so both lookups use an index; e-mail, userId and anonymousId use the identity's
 * key.
 */
@Service
class CustomerLookup implements CustomerSearch {

    /** Digits with the usual separators (spaces, brackets, dashes, dots, slashes) and {@code +}, anywhere. */
    private static final Pattern PHONE = Pattern.compile("[0-9 ()./+-]+");

    /** The shortest digit string matched as a suffix of a longer one: a Danish national number (8 digits). */
    static final int NATIONAL_DIGITS = 8;

    private static final Field<String> PHONE_DIGITS = DSL.field(
            "regexp_replace(regexp_replace({0}, '[^0-9]', '', 'g'), '^00', '')", SQLDataType.CLOB,
            CUSTOMER_IDENTITY.VALUE);

    private static final Field<String> NAME = DSL.field(
            "lower(coalesce({0} ->> 'name', ({0} ->> 'firstName') || ' ' || ({0} ->> 'lastName'), "
                    + "{0} ->> 'firstName', {0} ->> 'lastName'))", SQLDataType.CLOB, CUSTOMER.TRAITS);

    private final DSLContext dsl;
    private final CustomerStore store;

    CustomerLookup(DSLContext dsl, CustomerStore store) {
        this.dsl = dsl;
        this.store = store;
    }

    @Override
    @Transactional(readOnly = true)
    public List<CustomerProfile> search(String query) {
        UUID tenant = TenantContext.require().id();
        String q = query == null ? "" : query.trim();
        if (q.isEmpty()) {
            return List.of();
        }
        Set<UUID> found = new LinkedHashSet<>();
        profileId(q).flatMap(store::find).ifPresent(p -> found.add(p.id()));
        found.addAll(owners(tenant, Identifier.USER_ID, q));
        found.addAll(owners(tenant, Identifier.ANONYMOUS_ID, q));
        if (q.contains("@")) {
            found.addAll(owners(tenant, Identifier.EMAIL, q.toLowerCase(Locale.ROOT)));
        } else {
            String digits = CustomerSearch.phoneDigits(q);
            if (PHONE.matcher(q).matches() && digits.length() >= 6 && digits.length() <= 15) {
                found.addAll(dsl.select(CUSTOMER_IDENTITY.CUSTOMER_ID).from(CUSTOMER_IDENTITY)
                        .where(CUSTOMER_IDENTITY.TENANT_ID.eq(tenant), CUSTOMER_IDENTITY.KIND.eq(Identifier.PHONE),
                                PHONE_DIGITS.in(phoneVariants(digits)))
                        .orderBy(CUSTOMER_IDENTITY.CREATED_AT).limit(LIMIT).fetch(CUSTOMER_IDENTITY.CUSTOMER_ID));
            }
            if (q.length() >= 2 && found.size() < LIMIT) {
                // The pattern is inlined: with a bind value, a cached generic plan could not use the prefix index.
                Condition prefix = NAME.like(DSL.inline(escape(q.toLowerCase(Locale.ROOT)) + "%"), '\\');
                found.addAll(dsl.select(CUSTOMER.ID).from(CUSTOMER)
                        .where(CUSTOMER.TENANT_ID.eq(tenant), prefix)
                        .orderBy(NAME, CUSTOMER.ID).limit(LIMIT).fetch(CUSTOMER.ID));
            }
        }
        List<CustomerProfile> profiles = new ArrayList<>();
        for (UUID id : found) {
            if (profiles.size() == LIMIT) {
                break;
            }
            store.find(id).ifPresent(profiles::add);
        }
        return profiles;
    }

    /**
     * The stored digit strings a query's digits match, so that the lookup stays an equality on V96's index: the
     * digits themselves; each of their suffixes of at least {@value #NATIONAL_DIGITS} digits (a query with a country
     * code finds a number stored without one); and, for exactly 8 digits, {@code 45} before them (a Danish national
     * number finds one stored with +45). Rule: one digit string ends with the other and the shorter has at least
     * 8 digits, with the longer side's extra digits limited to the query's own, or to Denmark's {@code 45}.
     *
     * @param digits the query's digits, leading {@code 00} already dropped
     * @return the candidate stored digit strings, the query's own first
     */
    static List<String> phoneVariants(String digits) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(digits);
        for (int start = 1; digits.length() - start >= NATIONAL_DIGITS; start++) {
            variants.add(digits.substring(start));
        }
        if (digits.length() == NATIONAL_DIGITS) {
            variants.add("45" + digits);
        }
        return List.copyOf(variants);
    }

    private List<UUID> owners(UUID tenant, String kind, String value) {
        return dsl.select(CUSTOMER_IDENTITY.CUSTOMER_ID).from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.TENANT_ID.eq(tenant), CUSTOMER_IDENTITY.KIND.eq(kind),
                        CUSTOMER_IDENTITY.VALUE.eq(value))
                .fetch(CUSTOMER_IDENTITY.CUSTOMER_ID);
    }

    private static Optional<UUID> profileId(String q) {
        try {
            return q.length() == 36 ? Optional.of(UUID.fromString(q)) : Optional.empty();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    /** Escapes LIKE's wildcards, so that a typed {@code %} or {@code _} matches itself. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
