package io.genkend.demo;

import io.genkend.security.ApiKeys;
import io.genkend.security.UserAccounts;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.tenancy.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;


import static org.assertj.core.api.Assertions.assertThat;

/** The demo seeding makes the three demo tenants, their users and fixed keys, and is safe to run again. */
@IntegrationTest
class DemoSeederIT {

    @Autowired TenantDirectory tenants;
    @Autowired UserAccounts users;
    @Autowired ApiKeys apiKeys;
    @LocalServerPort int port;

    @Test
    void seedsTenantsUsersAndFixedKeysTwice() {
        String key = "gk_demo_fixed_key_for_autohuset_0001";
        var environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("genkend.demo.password", "demo-password")
                .withProperty("genkend.demo.autohuset.api-key", key);
        DemoProperties properties = DemoProperties.from(environment);
        DemoSeeder seeder = new DemoSeeder(tenants, users, apiKeys, properties);
        seeder.run(new DefaultApplicationArguments());
        seeder.run(new DefaultApplicationArguments());

        assertThat(tenants.list()).extracting(t -> t.tenant().slug()).contains("nordbank", "frisk", "autohuset");
        assertThat(tenants.findBySlug("autohuset").flatMap(tenants::packOf)).hasValue("dealer");
        Http http = new Http(port);
        assertThat(http.getWithKey("/api/v1/api-keys", key).statusCode()).isEqualTo(200);
        assertThat(http.login("service@autohuset.demo", "demo-password").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        Http operator = new Http(port);
        operator.login("operator@genkend.demo", "demo-password");
        assertThat(operator.get("/operator/tenants", "text/html").body()).contains("autohuset", "nordbank", "frisk");
    }
}
