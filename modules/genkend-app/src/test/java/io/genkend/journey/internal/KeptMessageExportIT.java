package io.genkend.journey.internal;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A message kept for a customer until an instance waits for it is part of their data export, and only theirs. */
@IntegrationTest
class KeptMessageExportIT {

    @Autowired TestTenants testTenants;
    @Autowired MessageBuffer buffer;
    @Autowired KeptMessageExport export;
    @Autowired TransactionTemplate transactions;

    @Test
    void theExportListsTheCustomersKeptMessagesWithTheirVariables() {
        Tenant tenant = testTenants.create("kept-export", null).tenant();
        Tenant other = testTenants.create("kept-export-other", null).tenant();
        UUID customer = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-29T10:15:30Z");
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> buffer.keep(tenant, customer,
                "event:repair.completed", eventId, Map.of("part", "windscreen", "cost", 4200, "completedAt",
                        Date.from(at)))));
        TenantContext.runAs(other, () -> transactions.executeWithoutResult(tx -> buffer.keep(other, customer,
                "event:other.tenant", UUID.randomUUID(), Map.of("secret", "no"))));

        List<MessageBuffer.Kept> kept = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            @SuppressWarnings("unchecked")
            List<MessageBuffer.Kept> list = (List<MessageBuffer.Kept>) export.export(customer);
            return list;
        }));

        assertThat(export.section()).isEqualTo("journeyKeptMessages");
        assertThat(kept).singleElement().satisfies(k -> {
            assertThat(k.messageName()).isEqualTo("event:repair.completed");
            assertThat(k.eventId()).isEqualTo(eventId);
            assertThat(k.variables()).containsOnly(Map.entry("part", "windscreen"), Map.entry("cost", 4200),
                    Map.entry("completedAt", at.toString()));
            assertThat(k.expiresAt()).isAfter(k.receivedAt());
        });
        Object nobody = TenantContext.callAs(tenant, () -> transactions.execute(tx -> export.export(UUID.randomUUID())));
        assertThat((List<?>) nobody).as("a customer with no kept message").isEmpty();
    }
}
