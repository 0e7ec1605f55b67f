package io.genkend.tenancy;

import org.slf4j.MDC;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. Set once at the edge (the security filter for a request, a job or
 * listener from the tenant carried in its event or process instance) and read by the database connection
 * provider, which hands it to PostgreSQL's row-level security. Business code never filters by tenant itself.
 *
 * <p>Every {@code runAs}/{@code callAs} restores the previous tenant in {@code finally}, and mirrors the slug into
 * the logging MDC under {@code tenant} so that every log line carries it.
 */
public final class TenantContext {

    /** MDC key under which the tenant's slug appears in every log line. */
    public static final String MDC_KEY = "tenant";

    private static final ThreadLocal<Tenant> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /** @return the current tenant, or empty outside any tenant (platform work, before authentication) */
    public static Optional<Tenant> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * @return the current tenant
     * @throws IllegalStateException when the thread works for no tenant: a programming error, never user input
     */
    public static Tenant require() {
        Tenant tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant in context");
        }
        return tenant;
    }

    /**
     * Runs {@code work} for {@code tenant} and restores the previous tenant afterwards.
     *
     * @param tenant the tenant, or {@code null} for platform work outside any tenant
     * @param work   what to run
     */
    public static void runAs(Tenant tenant, Runnable work) {
        callAs(tenant, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work} for {@code tenant} and restores the previous tenant afterwards.
     *
     * @param tenant the tenant, or {@code null} for platform work outside any tenant
     * @param work   what to call
     * @param <T>    the result type
     * @return what {@code work} returned
     */
    public static <T> T callAs(Tenant tenant, Supplier<T> work) {
        Tenant previous = CURRENT.get();
        set(tenant);
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }

    /**
     * As {@link #callAs(Tenant, Supplier)} for work that throws checked exceptions.
     *
     * @throws Exception whatever {@code work} throws
     */
    public static <T> T callAsChecked(Tenant tenant, Callable<T> work) throws Exception {
        Tenant previous = CURRENT.get();
        set(tenant);
        try {
            return work.call();
        } finally {
            set(previous);
        }
    }

    private static void set(Tenant tenant) {
        if (tenant == null) {
            CURRENT.remove();
            MDC.remove(MDC_KEY);
        } else {
            CURRENT.set(tenant);
            MDC.put(MDC_KEY, tenant.slug());
        }
    }
}
