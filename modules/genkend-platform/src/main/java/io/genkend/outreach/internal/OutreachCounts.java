package io.genkend.outreach.internal;

import io.genkend.outreach.OutreachStatistics;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

import static io.genkend.schema.Tables.OUTREACH;

/** {@link OutreachStatistics} on the {@code outreach} table (row-level security keeps it to the tenant). */
@Service
class OutreachCounts implements OutreachStatistics {

    private final DSLContext dsl;

    OutreachCounts(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ChannelStatusCount> countByChannelAndStatus() {
        TenantContext.require();
        var count = DSL.count();
        return dsl.select(OUTREACH.CHANNEL, OUTREACH.STATUS, count).from(OUTREACH)
                .groupBy(OUTREACH.CHANNEL, OUTREACH.STATUS)
                .orderBy(count.desc(), OUTREACH.CHANNEL, OUTREACH.STATUS)
                .fetch(r -> new ChannelStatusCount(r.value1() == null ? "NONE" : r.value1(), r.value2(),
                        r.value3().longValue()));
    }
}
