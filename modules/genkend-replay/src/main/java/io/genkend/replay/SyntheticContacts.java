package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --synthetic-contacts}: the public files carry no e-mail address, phone number or push token, and no
 * consent, so every outreach to a replayed customer is rightly suppressed. With this option each replayed customer
 * gets, before their first event, one extra {@code identify} that gives them a synthetic, clearly marked contact
 * and a synthetic consent record:
 * <ul>
 *   <li>trait {@code email} = {@code <userId>@example.invalid} ({@code .invalid} is reserved by RFC 2606 and never
 *       resolves, so no real mailbox can receive it; point {@code spring.mail.host} at a local SMTP sink);</li>
 *   <li>trait {@code syntheticContact} = {@code true};</li>
 *   <li>a {@code consent} trait (recorded by Genkend as consent, docs/events.md) granting {@code marketing} on
 *       {@code email} and {@code in-app}, source {@value #CONSENT_SOURCE}, wording version
 *       {@value #CONSENT_VERSION}, so the consent ledger shows where it came from.</li>
 * </ul>
 * The extra call has its own deterministic messageId (unit key + {@code |synthetic-contact}), so the events of the
 * file keep the ids they have without the option. Without the option nothing is added: real outreach needs real
 * consent.
 */
public final class SyntheticContacts {

    /** The reserved domain of the synthetic addresses (RFC 2606). */
    public static final String DOMAIN = "example.invalid";
    /** The consent source recorded in the ledger. */
    public static final String CONSENT_SOURCE = "replay: synthetic consent";
    /** The consent wording version recorded in the ledger. */
    public static final String CONSENT_VERSION = "replay-synthetic";

    private SyntheticContacts() {
    }

    /**
     * @param mapped   what the pack's mapping made of the file
     * @param pack     the pack's name (part of the messageIds)
     * @param fileName the file's name (part of the messageIds)
     * @return the same units and skipped rows, each customer's first unit starting with the synthetic identify
     */
    public static MappedFile add(MappedFile mapped, String pack, String fileName) {
        Set<String> seen = new HashSet<>();
        List<ReplayUnit> units = new ArrayList<>(mapped.units().size());
        for (ReplayUnit unit : mapped.units()) {
            List<ObjectNode> contacts = new ArrayList<>();
            for (ObjectNode event : unit.events()) {
                String userId = event.path("userId").asText(null);
                if (userId != null && seen.add(userId)) {
                    contacts.add(identify(userId));
                }
            }
            if (contacts.isEmpty()) {
                units.add(unit);
                continue;
            }
            for (int i = 0; i < contacts.size(); i++) {
                contacts.get(i).put("messageId", MessageIds.of(pack, fileName, unit.key() + "|synthetic-contact", i));
            }
            List<ObjectNode> events = new ArrayList<>(contacts);
            events.addAll(unit.events());
            units.add(new ReplayUnit(unit.key(), unit.rows(), unit.lastRow(), List.copyOf(events)));
        }
        return new MappedFile(List.copyOf(units), mapped.skippedRows());
    }

    /** @return the synthetic address of a replayed customer */
    public static String email(String userId) {
        return userId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "@" + DOMAIN;
    }

    private static ObjectNode identify(String userId) {
        ObjectNode identify = Segment.identify(userId);
        ObjectNode traits = Segment.traits(identify);
        traits.put("email", email(userId));
        traits.put("syntheticContact", true);
        ObjectNode consent = traits.putObject("consent");
        consent.put("version", CONSENT_VERSION);
        consent.put("source", CONSENT_SOURCE);
        ObjectNode marketing = consent.putObject("marketing");
        marketing.put("email", "granted");
        marketing.put("in-app", "granted");
        return identify;
    }
}
