package io.genkend.demo;

import io.genkend.security.ApiKeys;
import io.genkend.security.Role;
import io.genkend.security.UserAccounts;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;

/**
 * Seeds the demo tenants {@code nordbank} (bank pack), {@code frisk} (grocer) and {@code autohuset} (dealer),
 * each with {@code admin@}, {@code marketer@} and {@code service@<slug>.demo}, the operator
 * {@code operator@genkend.demo}, and one API key per tenant. Runs in the {@code demo} profile only, at every start:
 * tenants are created once, and the password and keys are set to the configured ones (or new random ones) and
 * printed.
 */
@Component
@Profile("demo")
@Order(0)
class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    /** The demo tenants: slug, name, pack. */
    static final List<String[]> TENANTS = List.of(
            new String[] {"nordbank", "Nordbank", "bank"},
            new String[] {"frisk", "Frisk Dagligvarer", "grocer"},
            new String[] {"autohuset", "Autohuset", "dealer"});

    private final TenantDirectory tenants;
    private final UserAccounts users;
    private final ApiKeys apiKeys;
    private final DemoProperties properties;

    @org.springframework.beans.factory.annotation.Autowired
    DemoSeeder(TenantDirectory tenants, UserAccounts users, ApiKeys apiKeys,
               org.springframework.core.env.Environment environment) {
        this(tenants, users, apiKeys, DemoProperties.from(environment));
    }

    DemoSeeder(TenantDirectory tenants, UserAccounts users, ApiKeys apiKeys, DemoProperties properties) {
        this.tenants = tenants;
        this.users = users;
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = properties.password() != null ? properties.password() : randomPassword();
        StringBuilder banner = new StringBuilder("\n\n=== Genkend demo ===\n");
        users.upsertOperator("operator@genkend.demo", "Platform operator", password);
        banner.append("  operator@genkend.demo (PLATFORM_ADMIN)\n");
        for (String[] t : TENANTS) {
            Tenant tenant = tenants.findBySlug(t[0]).orElseGet(() -> tenants.create(t[0], t[1], t[2]));
            String apiKey = TenantContext.callAs(tenant, () -> {
                users.upsertTenantUser("admin@" + t[0] + ".demo", t[1] + " admin", password,
                        EnumSet.of(Role.TENANT_ADMIN, Role.MARKETER));
                users.upsertTenantUser("marketer@" + t[0] + ".demo", t[1] + " marketer", password,
                        EnumSet.of(Role.MARKETER));
                users.upsertTenantUser("service@" + t[0] + ".demo", t[1] + " service agent", password,
                        EnumSet.of(Role.SERVICE_AGENT));
                String fixed = properties.apiKeyFor(t[0]);
                return fixed != null ? apiKeys.issue("demo", fixed).secret() : apiKeys.issue("demo").secret();
            });
            banner.append("  ").append(t[0]).append(" (").append(t[2]).append(" pack): admin@, marketer@, service@")
                    .append(t[0]).append(".demo; API key ").append(apiKey).append('\n');
        }
        banner.append("  password for every demo user: ").append(password).append("\n====================\n");
        log.info(banner.toString());
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
