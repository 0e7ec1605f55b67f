-- Standard Webhooks secrets of a tenant's inbound sources. At most two are valid at a time (rotation): the
-- current one (expires_at null) and the previous one until its expires_at.

create table inbound_webhook_secret (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id) on delete cascade,
    source      text not null,
    secret      text not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz
);
create index inbound_webhook_secret_source_idx on inbound_webhook_secret (tenant_id, source);

alter table inbound_webhook_secret enable row level security;
alter table inbound_webhook_secret force row level security;
create policy tenant_isolation on inbound_webhook_secret
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
