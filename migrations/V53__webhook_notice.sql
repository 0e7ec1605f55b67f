-- Notices to a tenant's admins about their webhook endpoints (disabled after days of failures, or gone with
-- 410). Recorded here and listed over the API; an e-mail can be sent from them later.

create table webhook_notice (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    subscription_id  uuid references webhook_subscription (id) on delete set null,
    kind             text not null check (kind in ('ENDPOINT_DISABLED')),
    reason           text not null,
    message          text not null,
    created_at       timestamptz not null,
    acknowledged_at  timestamptz
);
create index webhook_notice_tenant_idx on webhook_notice (tenant_id, created_at desc);

alter table webhook_notice enable row level security;
alter table webhook_notice force row level security;
create policy tenant_isolation on webhook_notice
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
