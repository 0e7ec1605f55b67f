-- Journey triggering: the events already handled by the journey module (so that a redelivered EventAccepted
-- never starts a journey twice) and the conversions counted when a journey's exit event arrives.

create table journey_processed_event (
    tenant_id     uuid not null references tenant (id) on delete cascade,
    event_id      uuid not null,
    processed_at  timestamptz not null default now(),
    primary key (tenant_id, event_id)
);

create table journey_conversion (
    id                   uuid primary key,
    tenant_id            uuid not null references tenant (id) on delete cascade,
    journey_key          text not null,
    customer_id          uuid not null,
    process_instance_id  text not null,
    event_name           text not null,
    event_id             uuid,
    converted_at         timestamptz not null default now()
);
create index journey_conversion_journey_idx on journey_conversion (tenant_id, journey_key);
create index journey_conversion_customer_idx on journey_conversion (tenant_id, customer_id);

alter table journey_processed_event enable row level security;
alter table journey_processed_event force row level security;
create policy tenant_isolation on journey_processed_event
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table journey_conversion enable row level security;
alter table journey_conversion force row level security;
create policy tenant_isolation on journey_conversion
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
