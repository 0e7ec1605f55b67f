package io.genkend.customer;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a customer's timeline.
 *
 * @param at      when it happened
 * @param id      unique within its {@code kind} (an event id, a consent id, ...): orders entries with equal time
 * @param kind    what it is: {@code event}, {@code consent}, {@code outreach}, {@code journey-step}, {@code task}
 * @param title   a short human line, such as the event name or "marketing/email granted"
 * @param details the entry's data, JSON-serialisable
 */
public record TimelineEntry(Instant at, String id, String kind, String title, Map<String, Object> details) {

    /** @return whether this entry sorts before the cursor position in newest-first order */
    public boolean isOlderThan(Instant cursorAt, String cursorKey) {
        int byTime = at.compareTo(cursorAt);
        return byTime < 0 || (byTime == 0 && sortKey().compareTo(cursorKey) < 0);
    }

    /** @return the tie-breaker for entries with equal time: {@code kind:id} */
    public String sortKey() {
        return kind + ":" + id;
    }
}
