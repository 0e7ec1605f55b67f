package io.genkend.journey.internal;

import io.genkend.journey.JourneyPack;
import io.genkend.journey.JourneyRejectedException;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantCreated;
import io.genkend.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deploys each vertical pack's journeys to its tenants: to a new tenant when it is created with the pack
 * ({@link TenantCreated}), and at start-up to every existing tenant of the pack. Deployments are filtered for
 * duplicates, so an unchanged model is never deployed twice and a changed one becomes a new version. The models
 * come from the class path and cannot change while the application runs, so each tenant gets its pack once per
 * run: a tenant that the demo seeder creates at start-up (its {@link TenantCreated} handled while the start-up run
 * goes through the existing tenants) is deployed to, and logged, once.
 */
@Component
class PackDeployer {

    private static final Logger log = LoggerFactory.getLogger(PackDeployer.class);

    private final List<JourneyPack> packs;
    private final JourneyService journeys;
    private final TenantDirectory tenants;
    private final TransactionTemplate ownTransaction;
    /** Tenant and pack pairs deployed completely in this run; guarded by {@code this}. */
    private final Set<String> deployed = new HashSet<>();

    PackDeployer(List<JourneyPack> packs, JourneyService journeys, TenantDirectory tenants,
                 PlatformTransactionManager transactionManager) {
        this.packs = packs;
        this.journeys = journeys;
        this.tenants = tenants;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @ApplicationModuleListener
    void on(TenantCreated created) {
        if (created.pack() != null) {
            deploy(created.tenant(), created.pack());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void deployToExistingTenants() {
        for (TenantDirectory.TenantSummary summary : tenants.list()) {
            if (summary.pack() != null) {
                deploy(summary.tenant(), summary.pack());
            }
        }
    }

    /**
     * Deploys a pack's models to a tenant; a model that fails is logged and the others still deploy. Serialized
     * and committed before the next one starts, so that the start-up run and a tenant's creation never both
     * deploy the same unchanged model as two versions.
     */
    synchronized void deploy(Tenant tenant, String packName) {
        String key = tenant.id() + "/" + packName;
        if (deployed.contains(key)) {
            return;
        }
        for (JourneyPack pack : packs) {
            if (!pack.name().equals(packName)) {
                continue;
            }
            boolean complete = TenantContext.callAs(tenant, () -> {
                boolean all = true;
                for (String location : pack.models()) {
                    try (InputStream in = new ClassPathResource(location).getInputStream()) {
                        String fileName = location.substring(location.lastIndexOf('/') + 1);
                        byte[] model = in.readAllBytes();
                        ownTransaction.executeWithoutResult(status -> journeys.deployPackModel(fileName, model));
                    } catch (IOException | JourneyRejectedException e) {
                        log.error("Could not deploy {} of pack {}: {}", location, packName, e.getMessage());
                        all = false;
                    }
                }
                return all;
            });
            if (complete) {
                deployed.add(key);
            }
            log.info("Deployed the {} pack's journeys for {}", packName, tenant.slug());
        }
    }
}
