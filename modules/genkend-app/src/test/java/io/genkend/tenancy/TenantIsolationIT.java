package io.genkend.tenancy;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.genkend.schema.Tables.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenant isolation, tested from outside (HTTP with API keys) and in the database (row-level security as the
 * application role).
 */
@IntegrationTest
class TenantIsolationIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;

    TestTenant a;
    TestTenant b;
    Http http;

    @BeforeEach
    void twoTenants() {
        a = testTenants.create("iso-a", null);
        b = testTenants.create("iso-b", null);
        http = new Http(port);
    }

    @Test
    void anotherTenantsResourceIsNotFoundNeverForbidden() {
        HttpResponse<String> own = http.getWithKey("/api/v1/api-keys/" + a.apiKey().id(), a.apiKey().secret());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(a.apiKey().id().toString());

        HttpResponse<String> foreign = http.getWithKey("/api/v1/api-keys/" + b.apiKey().id(), a.apiKey().secret());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(foreign.body()).contains("\"type\":\"https://genkend.io/problems/not-found\"")
                .doesNotContain(b.apiKey().secret().substring(0, 8));

        HttpResponse<String> list = http.getWithKey("/api/v1/api-keys", a.apiKey().secret());
        assertThat(list.body()).contains(a.apiKey().id().toString()).doesNotContain(b.apiKey().id().toString());
    }

    @Test
    void revokingAnotherTenantsKeyIsNotFoundAndLeavesItWorking() {
        HttpResponse<String> revoke = http.send(http.request("/api/v1/api-keys/" + b.apiKey().id())
                .header("Authorization", "Bearer " + a.apiKey().secret()).DELETE().build());
        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(http.getWithKey("/api/v1/api-keys", b.apiKey().secret()).statusCode()).isEqualTo(200);
    }

    @Test
    void theApplicationRoleIsNeitherSuperuserNorOwner() {
        var role = dsl.fetchOne("select current_user as name, rolsuper, rolbypassrls from pg_roles "
                + "where rolname = current_user");
        assertThat(role.get("name", String.class)).isEqualTo("genkend_app");
        assertThat(role.get("rolsuper", Boolean.class)).isFalse();
        assertThat(role.get("rolbypassrls", Boolean.class)).isFalse();
        var owner = dsl.fetchOne("select tableowner from pg_tables where tablename = 'api_key'");
        assertThat(owner.get(0, String.class)).isNotEqualTo("genkend_app");
    }

    @Test
    void withTenantASetSqlSeesNoneOfBsRows() {
        transactions.executeWithoutResult(status -> TenantContext.runAs(a.tenant(), () -> {
            assertThat(dsl.fetchCount(API_KEY)).isEqualTo(1);
            assertThat(dsl.fetchCount(API_KEY, API_KEY.TENANT_ID.eq(b.tenant().id()))).isZero();
            // plain SQL too: the policy is in the database, not in the query
            assertThat(dsl.fetchOne("select count(*) from api_key where tenant_id = ?", b.tenant().id())
                    .get(0, Long.class)).isZero();
        }));
    }

    @Test
    void withNoTenantSetSqlSeesNoRows() {
        transactions.executeWithoutResult(status ->
                assertThat(dsl.fetchOne("select count(*) from api_key").get(0, Long.class)).isZero());
    }

    @Test
    void withTenantASetInsertingARowForBFails() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> TenantContext.runAs(a.tenant(), () ->
                dsl.insertInto(API_KEY).set(API_KEY.ID, UUID.randomUUID()).set(API_KEY.TENANT_ID, b.tenant().id())
                        .set(API_KEY.NAME, "smuggled").set(API_KEY.PREFIX, "gk_xxxxx")
                        .set(API_KEY.KEY_HASH, UUID.randomUUID().toString()).execute())))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("row-level security");
        TenantContext.runAs(b.tenant(), () ->
                assertThat(dsl.fetchCount(API_KEY, API_KEY.NAME.eq("smuggled"))).isZero());
    }

    @Test
    void theTenantDoesNotLeakToTheNextTransactionOnAPooledConnection() {
        transactions.executeWithoutResult(status -> TenantContext.runAs(a.tenant(), () ->
                assertThat(dsl.fetchCount(API_KEY)).isEqualTo(1)));
        for (int i = 0; i < 20; i++) {
            Integer inTransaction = transactions.execute(status -> dsl.fetchCount(API_KEY));
            assertThat(inTransaction).isZero();
            assertThat(dsl.fetchCount(API_KEY)).isZero();
        }
    }
}
