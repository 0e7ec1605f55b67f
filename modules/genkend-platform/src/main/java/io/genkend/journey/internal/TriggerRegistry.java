package io.genkend.journey.internal;

import io.genkend.journey.EntryRule;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which journeys listen to which event, held in memory per tenant and event name: the message start events
 * ({@code event:<name>}) and exit events of the latest, active version of each journey. A tenant's entry is
 * rebuilt from the engine after a deployment, suspension or activation on this replica, and at the latest after
 * {@link JourneyProperties#registryTtl()} (for deployments made on another replica).
 */
@Component
class TriggerRegistry {

    /**
     * One journey version that an event starts.
     *
     * @param definitionId process definition id
     * @param key          journey key
     * @param version      version
     * @param messageName  {@code event:<name>}
     * @param entryRule    entry rule
     */
    record Trigger(String definitionId, String key, int version, String messageName, EntryRule entryRule) {
    }

    private record TenantJourneys(Map<String, List<Trigger>> starts, Map<String, List<String>> exits,
                                  java.util.Set<String> catches, Instant loadedAt) {
    }

    private final RepositoryService repository;
    private final JourneyProperties properties;
    private final Map<String, TenantJourneys> byTenant = new ConcurrentHashMap<>();
    private final Map<String, JourneyModel> models = new ConcurrentHashMap<>();

    TriggerRegistry(RepositoryService repository, JourneyProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /** @return the journey versions that {@code eventName} starts for the tenant */
    List<Trigger> startsFor(String tenantSlug, String eventName) {
        return journeys(tenantSlug).starts().getOrDefault(eventName, List.of());
    }

    /** @return keys of the tenant's journeys whose exit event is {@code eventName} */
    List<String> exitsFor(String tenantSlug, String eventName) {
        return journeys(tenantSlug).exits().getOrDefault(eventName, List.of());
    }

    /** @return whether one of the tenant's journeys waits on the way for this {@code event:<name>} message */
    boolean isCaught(String tenantSlug, String messageName) {
        return journeys(tenantSlug).catches().contains(messageName);
    }

    /** Forgets a tenant's entry, to be rebuilt at the next event. */
    void invalidate(String tenantSlug) {
        byTenant.remove(tenantSlug);
    }

    /** @return the parsed journey facts of a process definition (cached; definitions never change) */
    JourneyModel model(ProcessDefinition definition) {
        return models.computeIfAbsent(definition.getId(),
                id -> JourneyModel.of(repository.getBpmnModelInstance(id), definition.getKey()));
    }

    private TenantJourneys journeys(String tenantSlug) {
        TenantJourneys current = byTenant.get(tenantSlug);
        if (current == null || current.loadedAt().plus(properties.registryTtl()).isBefore(Instant.now())) {
            current = load(tenantSlug);
            byTenant.put(tenantSlug, current);
        }
        return current;
    }

    private TenantJourneys load(String tenantSlug) {
        Map<String, List<Trigger>> starts = new HashMap<>();
        Map<String, List<String>> exits = new HashMap<>();
        java.util.Set<String> catches = new java.util.HashSet<>();
        List<ProcessDefinition> latest = repository.createProcessDefinitionQuery().tenantIdIn(tenantSlug)
                .latestVersion().active().list();
        for (ProcessDefinition definition : latest) {
            JourneyModel model = model(definition);
            for (String messageName : model.startMessages()) {
                starts.computeIfAbsent(JourneyModel.eventName(messageName), e -> new ArrayList<>()).add(
                        new Trigger(definition.getId(), definition.getKey(), definition.getVersion(), messageName,
                                model.entryRule()));
            }
            catches.addAll(model.catchMessages());
            if (model.exitEvent() != null) {
                exits.computeIfAbsent(model.exitEvent(), e -> new ArrayList<>()).add(definition.getKey());
            }
        }
        return new TenantJourneys(starts, exits, java.util.Set.copyOf(catches), Instant.now());
    }
}
