package io.genkend.journey;

import java.util.Locale;

/**
 * When a customer may enter a journey again (after Salesforce Journey Builder's entry modes). Set on the BPMN
 * process as the extension property {@code genkend:entryRule} ({@code camunda:property name="entryRule"}).
 */
public enum EntryRule {
    /** A customer enters once, ever. */
    NO_REENTRY,
    /** A customer enters again only after the previous instance ended (the default: one running per customer). */
    REENTRY_AFTER_EXIT,
    /** A customer enters on every trigger, even while an instance runs. */
    ANY_TIME;

    /**
     * @param value {@code no-reentry}, {@code reentry-after-exit} or {@code any-time} (case and {@code _}/{@code -}
     *              insensitive), or {@code null}/blank for the default
     * @return the rule
     * @throws IllegalArgumentException for any other value
     */
    public static EntryRule parse(String value) {
        if (value == null || value.isBlank()) {
            return REENTRY_AFTER_EXIT;
        }
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** @return the value as written in BPMN, such as {@code reentry-after-exit} */
    public String bpmnValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
