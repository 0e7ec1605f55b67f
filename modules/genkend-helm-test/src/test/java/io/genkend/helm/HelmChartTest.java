package io.genkend.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lints and renders {@code helm/genkend} with helm-java (Helm's own Go code through JNI, no helm binary) and
 * checks the rendered manifests: the kinds, the probes, graceful shutdown, the migration hook and the replicas.
 *
 * <p>helm-java's {@code template} returns the release manifest without its hooks (Helm keeps hooks apart), so the
 * chart is rendered from a copy in which the annotation key {@code helm.sh/hook} is renamed to
 * {@value #HOOK_STAND_IN}; the assertions read the renamed key. Lint runs on the chart itself.
 */
class HelmChartTest {

    private static final Path CHART = Path.of(System.getProperty("genkend.chart", "../../helm/genkend"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Stands in for {@code helm.sh/hook} in the rendered copy (see the class comment). */
    static final String HOOK_STAND_IN = "test.genkend.io/hook";
    private static final Path RENDERABLE = copyWithVisibleHooks();

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void rendersEveryKindTheDeploymentNeeds() throws IOException {
        Map<String, List<JsonNode>> byKind = render(UnaryOperator.identity()).stream()
                .collect(Collectors.groupingBy(m -> m.path("kind").asText()));

        assertThat(byKind.keySet()).containsExactlyInAnyOrder("Deployment", "Service", "Ingress", "ConfigMap",
                "Secret", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job");
        // the application's ConfigMap/Secret plus the migration job's hook copies
        assertThat(byKind.get("ConfigMap")).hasSize(2);
        assertThat(byKind.get("Secret")).hasSize(2);
    }

    @Test
    void deploymentProbesActuatorAndShutsDownGracefully() throws IOException {
        JsonNode pod = single(render(UnaryOperator.identity()), "Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(10);
        assertThat(container.at("/lifecycle/preStop/exec/command").toString()).contains("sleep 10");
        assertThat(container.path("envFrom").findValuesAsText("name"))
                .containsExactly("genkend", "genkend");
    }

    @Test
    void autoscalerAndDisruptionBudgetKeepAtLeastTwoReplicas() throws IOException {
        List<JsonNode> manifests = render(UnaryOperator.identity());

        // the autoscaler alone owns the replica count when it is on
        assertThat(single(manifests, "Deployment").path("spec").has("replicas")).isFalse();
        assertThat(single(manifests, "HorizontalPodAutoscaler").at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(single(manifests, "PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);

        List<JsonNode> fixed = render(t -> t.set("autoscaling.enabled", false));
        assertThat(single(fixed, "Deployment").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(fixed).noneMatch(m -> m.path("kind").asText().equals("HorizontalPodAutoscaler"));
    }

    @Test
    void migrationJobRunsAsPreInstallAndPreUpgradeHookBeforeItsConfiguration() throws IOException {
        List<JsonNode> manifests = render(UnaryOperator.identity());
        JsonNode job = single(manifests, "Job");

        assertThat(job.at("/metadata/annotations/test.genkend.io~1hook").asText()).isEqualTo("pre-install,pre-upgrade");
        List<String> args = new ArrayList<>();
        job.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("--spring.main.web-application-type=none", "--genkend.migrate-only=true");
        assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");

        int jobWeight = job.at("/metadata/annotations/test.genkend.io~1hook-weight").asInt();
        List<JsonNode> hookConfig = manifests.stream()
                .filter(m -> m.path("kind").asText().matches("ConfigMap|Secret"))
                .filter(m -> m.at("/metadata/annotations").has(HOOK_STAND_IN))
                .toList();
        assertThat(hookConfig).hasSize(2).allSatisfy(m -> {
            assertThat(m.at("/metadata/annotations/test.genkend.io~1hook").asText()).isEqualTo("pre-install,pre-upgrade");
            assertThat(m.at("/metadata/annotations/test.genkend.io~1hook-weight").asInt()).isLessThan(jobWeight);
        });
        assertThat(job.at("/spec/template/spec/containers/0/envFrom").findValuesAsText("name"))
                .containsExactly("genkend-migration", "genkend-migration");
    }

    @Test
    void datasourceRolesAndRedisReachTheSecretAndConfigMap() throws IOException {
        List<JsonNode> manifests = render(t -> t
                .set("database.app.password", "app-secret")
                .set("database.owner.password", "owner-secret")
                .set("redis.host", "redis.infra"));
        JsonNode config = manifests.stream().filter(m -> m.path("kind").asText().equals("ConfigMap"))
                .filter(m -> m.at("/metadata/name").asText().equals("genkend")).findFirst().orElseThrow();
        JsonNode secret = manifests.stream().filter(m -> m.path("kind").asText().equals("Secret"))
                .filter(m -> m.at("/metadata/name").asText().equals("genkend")).findFirst().orElseThrow();

        assertThat(config.at("/data/SPRING_DATASOURCE_USERNAME").asText()).isEqualTo("genkend_app");
        assertThat(config.at("/data/SPRING_FLYWAY_USER").asText()).isEqualTo("genkend_owner");
        assertThat(config.at("/data/SPRING_DATA_REDIS_HOST").asText()).isEqualTo("redis.infra");
        assertThat(secret.at("/stringData/SPRING_DATASOURCE_PASSWORD").asText()).isEqualTo("app-secret");
        assertThat(secret.at("/stringData/GENKEND_APP_DB_PASSWORD").asText()).isEqualTo("app-secret");
        assertThat(secret.at("/stringData/SPRING_FLYWAY_PASSWORD").asText()).isEqualTo("owner-secret");
    }

    @Test
    void existingSecretReplacesTheRenderedOnes() throws IOException {
        List<JsonNode> manifests = render(t -> t.set("existingSecret", "genkend-prod"));

        assertThat(manifests).noneMatch(m -> m.path("kind").asText().equals("Secret"));
        assertThat(single(manifests, "Deployment").at("/spec/template/spec/containers/0/envFrom/1/secretRef/name")
                .asText()).isEqualTo("genkend-prod");
        assertThat(single(manifests, "Job").at("/spec/template/spec/containers/0/envFrom/1/secretRef/name")
                .asText()).isEqualTo("genkend-prod");
    }

    @Test
    void refusesAnAutoscalerBelowTwoReplicas() {
        assertThatThrownBy(() -> render(t -> t.set("autoscaling.minReplicas", 1)))
                .hasMessageContaining("at least 2");
    }

    private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws IOException {
        String rendered = values.apply(new Helm(RENDERABLE).template().withName("genkend").withNamespace("genkend"))
                .call();
        List<JsonNode> manifests = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && doc.has("kind")) {
                    manifests.add(doc);
                }
            }
        }
        return manifests;
    }

    private static JsonNode single(List<JsonNode> manifests, String kind) {
        List<JsonNode> found = manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Path copyWithVisibleHooks() {
        if (!Files.isDirectory(CHART)) {
            throw new IllegalStateException("Chart not found at " + CHART.toAbsolutePath());
        }
        try {
            Path copy = Files.createTempDirectory("genkend-chart").resolve("genkend");
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.writeString(target, Files.readString(source).replace("helm.sh/hook", HOOK_STAND_IN));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
