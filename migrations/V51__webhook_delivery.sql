-- The webhook outbox: one delivery per message and subscription, written in the transaction of what it
-- reports, and the log of its attempts. The body is kept byte for byte, since the signature covers it and
-- every attempt carries the same webhook-id (message_id).
--   status PENDING   due at next_attempt_at; claimed_until is a lease while one replica sends it
--          SUCCEEDED answered 2xx
--          DEAD      retries exhausted, endpoint gone (410) or disabled; replayable by hand

create table webhook_delivery (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    subscription_id  uuid not null references webhook_subscription (id) on delete cascade,
    message_id       uuid not null,
    event_type       text not null,
    body             text not null,
    customer_id      uuid,
    status           text not null default 'PENDING' check (status in ('PENDING', 'SUCCEEDED', 'DEAD')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    claimed_until    timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null,
    completed_at     timestamptz,
    unique (subscription_id, message_id)
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_subscription_idx on webhook_delivery (subscription_id, created_at desc);
create index webhook_delivery_tenant_status_idx on webhook_delivery (tenant_id, status);
create index webhook_delivery_customer_idx on webhook_delivery (customer_id) where customer_id is not null;

create table webhook_attempt (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    delivery_id      uuid not null references webhook_delivery (id) on delete cascade,
    subscription_id  uuid not null references webhook_subscription (id) on delete cascade,
    attempt_number   integer not null,
    started_at       timestamptz not null,
    latency_ms       bigint not null,
    status_code      integer,
    outcome          text not null check (outcome in ('SUCCEEDED', 'FAILED', 'THROTTLED', 'GONE', 'REFUSED')),
    error            text,
    response_snippet text
);
create index webhook_attempt_delivery_idx on webhook_attempt (delivery_id, attempt_number);
create index webhook_attempt_subscription_idx on webhook_attempt (subscription_id, started_at desc);

alter table webhook_delivery enable row level security;
alter table webhook_delivery force row level security;
create policy tenant_isolation on webhook_delivery
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table webhook_attempt enable row level security;
alter table webhook_attempt force row level security;
create policy tenant_isolation on webhook_attempt
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
