package io.genkend.journey.internal;

import io.genkend.journey.JourneyStatistics;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import java.util.List;

import static io.genkend.schema.Tables.JOURNEY_CONVERSION;

/** {@link JourneyStatistics} on Camunda's history (by tenant id) and the journey module's conversions. */
@Service
class JourneyCounts implements JourneyStatistics {

    private final RepositoryService repository;
    private final HistoryService history;
    private final DSLContext dsl;

    JourneyCounts(RepositoryService repository, HistoryService history, DSLContext dsl) {
        this.repository = repository;
        this.history = history;
        this.dsl = dsl;
    }

    @Override
    public List<JourneyCount> counts() {
        String tenant = TenantContext.require().camundaTenantId();
        return repository.createProcessDefinitionQuery().tenantIdIn(tenant).latestVersion()
                .orderByProcessDefinitionKey().asc().list().stream()
                .map(ProcessDefinition::getKey).distinct()
                .map(key -> {
                    long started = history.createHistoricProcessInstanceQuery().tenantIdIn(tenant)
                            .processDefinitionKey(key).count();
                    long running = history.createHistoricProcessInstanceQuery().tenantIdIn(tenant)
                            .processDefinitionKey(key).unfinished().count();
                    long completed = history.createHistoricProcessInstanceQuery().tenantIdIn(tenant)
                            .processDefinitionKey(key).completed().count();
                    long converted = dsl.fetchCount(JOURNEY_CONVERSION, JOURNEY_CONVERSION.JOURNEY_KEY.eq(key));
                    return new JourneyCount(key, started, running, completed,
                            Math.max(0, started - running - completed), converted);
                })
                .toList();
    }
}
