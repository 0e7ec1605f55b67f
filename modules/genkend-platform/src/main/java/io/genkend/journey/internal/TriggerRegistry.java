package io.genkend.journey.internal;

import io.genkend.api.ReplicaBroadcast;
import io.genkend.journey.EntryRule;
import jakarta.annotation.PreDestroy;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
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

    /**
     * @param listened event names any version of any journey of the tenant can react to; {@code null}: any name
     */
    private record TenantJourneys(Map<String, List<Trigger>> starts, Map<String, List<String>> exits,
                                  java.util.Set<String> catches, java.util.Set<String> listened, Instant loadedAt) {
    }

    /** Redis pub/sub channel carrying the slug of each tenant whose journeys changed on some replica. */
    static final String CHANNEL = "genkend:journeys:changed";

    private final RepositoryService repository;
    private final JourneyProperties properties;
    private final Map<String, TenantJourneys> byTenant = new ConcurrentHashMap<>();
    private final Map<String, JourneyModel> models = new ConcurrentHashMap<>();
    private final ReplicaBroadcast changes;

    TriggerRegistry(RepositoryService repository, JourneyProperties properties, StringRedisTemplate redis,
                    RedisConnectionFactory connectionFactory) {
        this.repository = repository;
        this.properties = properties;
        this.changes = new ReplicaBroadcast(CHANNEL, redis, connectionFactory, byTenant::remove);
    }

    /** @return the journey versions that {@code eventName} starts for the tenant */
    List<Trigger> startsFor(String tenantSlug, String eventName) {
        return journeys(tenantSlug).starts().getOrDefault(eventName, List.of());
    }

    /** @return keys of the tenant's journeys whose exit event is {@code eventName} */
    List<String> exitsFor(String tenantSlug, String eventName) {
        return journeys(tenantSlug).exits().getOrDefault(eventName, List.of());
    }

    /**
     * @return whether a version of one of the tenant's journeys (any deployed version, active or suspended, as
     * {@link #listensTo}) waits on the way for this {@code event:<name>} message
     */
    boolean isCaught(String tenantSlug, String messageName) {
        return journeys(tenantSlug).catches().contains(messageName);
    }

    /**
     * Whether an event of this name can matter to any of the tenant's journeys: one of them starts on it, exits on
     * it or waits for it on the way, in <em>any</em> deployed version, active or suspended (a running instance of
     * an older version may still wait for it). When none can, {@link JourneyTriggers} skips the event without a
     * transaction. A file whose message names are expressions that may name an event makes every name matter.
     *
     * @return {@code false} only when no journey of the tenant can react to {@code eventName}
     */
    public boolean listensTo(String tenantSlug, String eventName) {
        java.util.Set<String> listened = journeys(tenantSlug).listened();
        return listened == null || listened.contains(eventName);
    }

    /**
     * @return the event names one of the tenant's journeys can react to, as {@link #listensTo} decides;
     *         {@code null} when any name can matter
     */
    java.util.Set<String> listened(String tenantSlug) {
        return journeys(tenantSlug).listened();
    }

    /**
     * Forgets a tenant's entry on every replica, to be rebuilt at its next event: here at once and again after the
     * current transaction commits, on the others when they hear of it over Redis ({@value #CHANNEL}), or at the
     * latest after the time to live.
     */
    void invalidate(String tenantSlug) {
        byTenant.remove(tenantSlug);
        changes.afterCommit(tenantSlug);
    }

    @PreDestroy
    void close() throws Exception {
        changes.close();
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
            if (model.exitEvent() != null) {
                exits.computeIfAbsent(model.exitEvent(), e -> new ArrayList<>()).add(definition.getKey());
            }
        }
        // catches and listened over every deployed version: an instance of an older version may still reach a
        // wait that the latest version dropped, and a message arriving early must be kept for it
        java.util.Set<String> listened = new java.util.HashSet<>();
        boolean anyName = false;
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().tenantIdIn(tenantSlug)
                .list()) {
            JourneyModel model = model(definition);
            catches.addAll(model.catchMessages());
            java.util.Set<String> names = model.eventsListened();
            if (names == null) {
                anyName = true;
            } else {
                listened.addAll(names);
            }
        }
        if (anyName) {
            listened = null;
        }
        return new TenantJourneys(starts, exits, java.util.Set.copyOf(catches),
                listened == null ? null : java.util.Set.copyOf(listened), Instant.now());
    }
}
