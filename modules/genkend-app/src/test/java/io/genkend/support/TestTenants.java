package io.genkend.support;

import io.genkend.security.ApiKeys;
import io.genkend.security.Role;
import io.genkend.security.UserAccounts;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.UUID;

/**
 * Test data builder for tenants: a fresh tenant with a unique slug, an API key and users of every role, so that
 * tests never depend on each other's data.
 */
@Component
public class TestTenants {

    /** Password of every user that {@link #create} makes. */
    public static final String PASSWORD = "test-password-1";

    private final TenantDirectory directory;
    private final UserAccounts users;
    private final ApiKeys apiKeys;

    TestTenants(TenantDirectory directory, UserAccounts users, ApiKeys apiKeys) {
        this.directory = directory;
        this.users = users;
        this.apiKeys = apiKeys;
    }

    /**
     * Creates a tenant {@code <prefix>-<random>} with an API key and the users {@code admin@}, {@code marketer@}
     * and {@code service@<slug>.test}.
     *
     * @param prefix start of the slug
     * @param pack   vertical pack or {@code null}
     * @return the tenant and its API key
     */
    public TestTenant create(String prefix, String pack) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Tenant tenant = directory.create(slug, prefix, pack);
        return TenantContext.callAs(tenant, () -> {
            users.upsertTenantUser("admin@" + slug + ".test", "Admin", PASSWORD, EnumSet.of(Role.TENANT_ADMIN));
            users.upsertTenantUser("marketer@" + slug + ".test", "Marketer", PASSWORD, EnumSet.of(Role.MARKETER));
            users.upsertTenantUser("service@" + slug + ".test", "Service", PASSWORD,
                    EnumSet.of(Role.SERVICE_AGENT));
            return new TestTenant(tenant, apiKeys.issue("test"));
        });
    }

    /**
     * A tenant made for a test.
     *
     * @param tenant the tenant
     * @param apiKey its API key, with the secret
     */
    public record TestTenant(Tenant tenant, ApiKeys.IssuedApiKey apiKey) {

        /** @return the login e-mail of this tenant's user with the given local part (admin, marketer, service) */
        public String user(String localPart) {
            return localPart + "@" + tenant.slug() + ".test";
        }
    }
}
