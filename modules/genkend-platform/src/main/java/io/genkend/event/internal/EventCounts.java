package io.genkend.event.internal;

import io.genkend.event.EventStatistics;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
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
}
