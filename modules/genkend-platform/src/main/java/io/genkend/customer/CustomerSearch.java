package io.genkend.customer;

import java.util.List;

/**
 * Finds the current tenant's customers from what a person types into a search box (the customer 360 page).
 * Row-level security keeps the search inside the current tenant.
 */
public interface CustomerSearch {

    /** At most this many profiles are returned by {@link #search}. */
    int LIMIT = 20;

    /**
     * Matches, in this order, without duplicates:
     * <ol>
     *   <li>the profile id (a UUID);</li>
     *   <li>the tenant's own id ({@code userId} identity), exactly;</li>
     *   <li>an {@code anonymousId} identity, exactly (a profile known only from anonymous events);</li>
     *   <li>an e-mail identity, exactly after trimming and lower-casing (when the query contains {@code @});</li>
     *   <li>a phone identity, by its digits: spaces, dashes, brackets, dots, slashes and {@code +} anywhere, and
     *       a leading {@code 00}, are ignored on both sides, so {@code +45 12 34 56 78}, {@code 0045 12345678},
     *       {@code (+45) 12-34-56-78} and {@code +4512345678} match each other; with or without the country code:
     *       a query with one finds a number stored without (any suffix of at least 8 digits), and an 8-digit
     *       Danish national number finds one stored with +45 (when the query has 6 to 15 digits and nothing else
     *       but those separators, E.164's maximum length);</li>
     *   <li>the start of the name, case-insensitively: the {@code name} trait, else {@code firstName lastName}
     *       (when the query has at least 2 characters and no {@code @}).</li>
     * </ol>
     *
     * @param query what was typed; blank finds nothing
     * @return at most {@link #LIMIT} profiles, best match first; empty when nothing matches
     */
    List<CustomerProfile> search(String query);

    /**
     * @param phone a phone number as typed or stored
     * @return its digits, without a leading {@code 00} (international call prefix); empty when it has none
     */
    static String phoneDigits(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        return digits.startsWith("00") ? digits.substring(2) : digits;
    }
}
