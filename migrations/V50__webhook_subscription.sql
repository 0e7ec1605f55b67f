-- Outbound webhook subscriptions of a tenant: where to send which event types, signed with a whsec_ secret
-- (Standard Webhooks). During a rotation the previous secret keeps signing beside the new one until it expires.
-- The secret is kept in clear because every delivery is signed with it (HMAC needs the key itself).

create table webhook_subscription (
    id                          uuid primary key,
    tenant_id                   uuid not null references tenant (id) on delete cascade,
    url                         text not null,
    description                 text,
    event_types                 text[] not null,
    secret                      text not null check (secret like 'whsec_%'),
    previous_secret             text check (previous_secret like 'whsec_%'),
    previous_secret_expires_at  timestamptz,
    enabled                     boolean not null default true,
    disabled_reason             text check (disabled_reason in ('MANUAL', 'GONE', 'FAILING')),
    disabled_at                 timestamptz,
    failing_since               timestamptz,
    consecutive_failures        integer not null default 0,
    last_success_at             timestamptz,
    last_failure_at             timestamptz,
    created_at                  timestamptz not null default now(),
    updated_at                  timestamptz not null default now()
);
create index webhook_subscription_tenant_idx on webhook_subscription (tenant_id);

alter table webhook_subscription enable row level security;
alter table webhook_subscription force row level security;
create policy tenant_isolation on webhook_subscription
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
