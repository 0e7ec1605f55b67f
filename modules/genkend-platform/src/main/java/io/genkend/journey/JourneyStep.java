package io.genkend.journey;

import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of every step bean of the step library (and of the packs' own steps): a Spring bean referenced from BPMN
 * by {@code camunda:delegateExpression="${beanName}"}, configured by the activity's input parameters (which the
 * step's element template fills in). It restores the instance's tenant (the Camunda tenant id is the tenant's
 * slug) before {@link #run(StepExecution)}, so that the step's database work sees only that tenant's rows.
 *
 * <p>Steps are singletons shared by every instance: keep no per-call state in fields.
 */
public abstract class JourneyStep implements JavaDelegate {

    private static final Map<String, Tenant> TENANTS = new ConcurrentHashMap<>();

    private final TenantDirectory tenants;

    /** @param tenants to turn the instance's Camunda tenant id (slug) into the tenant */
    protected JourneyStep(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        Tenant tenant = tenantOf(execution.getTenantId());
        TenantContext.runAs(tenant, () -> run(new StepExecution(execution, tenant)));
    }

    /**
     * Does the step's work.
     *
     * @param step the execution, with its tenant restored
     * @throws StepFailedException (or any runtime exception) to fail the job: it is retried by the retry cycle
     *                             and becomes an incident when the retries are used up
     */
    protected abstract void run(StepExecution step);

    private Tenant tenantOf(String slug) {
        if (slug == null) {
            throw new StepFailedException("The journey instance has no tenant; journeys must be deployed for one");
        }
        return TENANTS.computeIfAbsent(slug, s -> tenants.findBySlug(s)
                .orElseThrow(() -> new StepFailedException("Unknown tenant '" + s + "'")));
    }
}
