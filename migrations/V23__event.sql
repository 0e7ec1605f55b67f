-- Accepted events. dedup_key is the Segment messageId ('segment:<id>') or CloudEvents source and id
-- ('cloudevents:<source> <id>'); the unique constraint is the truth for deduplication (Redis is the fast path).
-- body_hash (SHA-256 of the canonical item) tells a repeat from a conflicting reuse of the key.

create table event (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid references customer (id) on delete cascade,
    format       text not null check (format in ('segment', 'cloudevents', 'webhook')),
    kind         text not null,
    name         text not null,
    dedup_key    text,
    body_hash    text not null,
    payload      jsonb not null,
    properties   jsonb not null default '{}'::jsonb,
    occurred_at  timestamptz not null,
    received_at  timestamptz not null default now(),
    unique (tenant_id, dedup_key)
);
create index event_customer_idx on event (customer_id, occurred_at desc);
create index event_tenant_idx on event (tenant_id, received_at);

alter table event enable row level security;
alter table event force row level security;
create policy tenant_isolation on event
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
