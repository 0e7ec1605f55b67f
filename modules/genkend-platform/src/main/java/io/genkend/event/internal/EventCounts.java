package io.genkend.event.internal;

import io.genkend.event.EventStatistics;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.genkend.schema.Tables.EVENT;

/** {@link EventStatistics} on the {@code event} table (row-level security keeps it to the current tenant). */
@Service
class EventCounts implements EventStatistics {

    private final DSLContext dsl;

    EventCounts(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Long> countByName() {
        TenantContext.require();
        var count = DSL.count();
        Map<String, Long> counts = new LinkedHashMap<>();
        dsl.select(EVENT.NAME, count).from(EVENT).groupBy(EVENT.NAME).orderBy(count.desc(), EVENT.NAME)
                .forEach(r -> counts.put(r.value1(), r.value2().longValue()));
        return counts;
    }

    @Override
    @Transactional(readOnly = true)
    public List<MinuteCount> perMinute(Instant from, int minutes) {
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("minutes must be 1 to 1440, not " + minutes);
        }
        var tenant = TenantContext.require();
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = start.plus(minutes, ChronoUnit.MINUTES);
        var minute = DSL.field("date_trunc('minute', {0}, 'UTC')", SQLDataType.INSTANT,
                EVENT.RECEIVED_AT);
        var count = DSL.count();
        Map<Instant, Long> counts = new HashMap<>();
        dsl.select(minute, count).from(EVENT)
                .where(EVENT.TENANT_ID.eq(tenant.id()), EVENT.RECEIVED_AT.ge(start), EVENT.RECEIVED_AT.lt(end))
                .groupBy(minute)
                .forEach(r -> counts.put(r.value1(), r.value2().longValue()));
        List<MinuteCount> series = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            Instant at = start.plus(i, ChronoUnit.MINUTES);
            series.add(new MinuteCount(at, counts.getOrDefault(at, 0L)));
        }
        return series;
    }
}
