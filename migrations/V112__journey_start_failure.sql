-- Start failures: a journey whose start for an event failed before its first async boundary (an expression the
-- engine or JourneyExpressions refuses, a gateway without a way out, ...). The start ran in a savepoint of the
-- event's transaction (JourneyTriggers), so the event's other journeys started and the event counts as processed;
-- this row keeps what is needed to start the journey for the event again once its model is fixed
-- (POST /api/v1/journeys/{key}/start-failures/retry): the event's name, properties and time. One row per event and
-- journey, which is also what makes a retry start a journey at most once for one event: a retry takes the open row
-- (resolved_at null) under a row lock and resolves it in the transaction that starts the instance.

create table journey_start_failure (
    id                   uuid primary key,
    tenant_id            uuid not null references tenant (id) on delete cascade,
    journey_key          text not null,
    definition_id        text not null,
    version              integer not null,
    event_id             uuid not null,
    event_name           text not null,
    customer_id          uuid not null,
    properties           jsonb not null default '{}'::jsonb,
    occurred_at          timestamptz,
    message              text not null,
    failed_at            timestamptz not null default now(),
    attempts             integer not null default 1,
    resolved_at          timestamptz,
    resolution           text check (resolution in ('started', 'not-entered')),
    process_instance_id  text,
    unique (tenant_id, event_id, journey_key)
);
create index journey_start_failure_open_idx on journey_start_failure (tenant_id, journey_key, failed_at)
    where resolved_at is null;
create index journey_start_failure_customer_idx on journey_start_failure (tenant_id, customer_id);

alter table journey_start_failure enable row level security;
alter table journey_start_failure force row level security;
create policy tenant_isolation on journey_start_failure
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
