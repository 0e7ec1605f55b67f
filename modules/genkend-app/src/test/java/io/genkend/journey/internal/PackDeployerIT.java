package io.genkend.journey.internal;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pack's journeys reach a tenant once per run: at start-up the demo seeder creates its tenants (each
 * {@code TenantCreated} deploys the pack) while the start-up run deploys to every existing tenant, so the same
 * tenant was deployed to, and logged as deployed, twice. The second request now does nothing.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PackDeployerIT {

    @Autowired TestTenants testTenants;
    @Autowired PackDeployer deployer;
    @Autowired RepositoryService repository;

    @Autowired JourneyService journeys;

    @Test
    void aMarketersVersionUploadedUnderThePacksFileNameStaysInForceWhenThePackIsDeployedAgain() throws Exception {
        TestTenant tenant = testTenants.create("pack-marketer", null);
        byte[] pack = new org.springframework.core.io.ClassPathResource("workflows/dealer/service-interval.bpmn")
                .getInputStream().readAllBytes();
        byte[] marketers = new String(pack, java.nio.charset.StandardCharsets.UTF_8)
                .replace("name=\"Service interval reminder\"", "name=\"Service interval, our way\"").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> {
            assertThat(journeys.deployPackModel("service-interval.bpmn", pack)).isTrue();
            journeys.deploy("service-interval.bpmn", marketers);
            assertThat(journeys.deployPackModel("service-interval.bpmn", pack)).as("the pack's model is a version")
                    .isFalse();
        });
        var latest = repository.createProcessDefinitionQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("dealerServiceInterval").latestVersion().singleResult();
        assertThat(latest.getVersion()).isEqualTo(2);
        assertThat(latest.getName()).isEqualTo("Service interval, our way");
    }

    @Test
    void aTenantGetsItsPackOnceAndItIsLoggedOnce(CapturedOutput output) {
        TestTenant tenant = testTenants.create("pack-once", "dealer");
        String slug = tenant.tenant().slug();
        String deployedLine = "Deployed the dealer pack's journeys for " + slug;
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains(deployedLine));
        long deployments = repository.createDeploymentQuery().tenantIdIn(slug).count();
        assertThat(deployments).isPositive();

        // what the start-up run does for a tenant the seeder has just created
        deployer.deploy(tenant.tenant(), "dealer");
        deployer.deploy(tenant.tenant(), "dealer");

        assertThat(output.getAll().lines().filter(line -> line.contains(deployedLine))).hasSize(1);
        assertThat(repository.createDeploymentQuery().tenantIdIn(slug).count()).isEqualTo(deployments);
        assertThat(repository.createProcessDefinitionQuery().tenantIdIn(slug).processDefinitionKey("dealerWindscreen")
                .latestVersion().singleResult().getVersion()).isEqualTo(1);
    }
}
