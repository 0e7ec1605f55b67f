-- Each tenant's contact policy (caps per channel and period, quiet hours, response window), its provider
-- endpoints for SMS and push, and its message templates that belong to no offer (notices).
create table outreach_settings (
    tenant_id              uuid primary key references tenant (id) on delete cascade,
    caps                   jsonb not null default '{}'::jsonb,
    quiet_start            time,
    quiet_end              time,
    response_window_hours  integer not null default 72 check (response_window_hours > 0),
    sender_email           text,
    sms_url                text,
    push_url               text,
    provider_token         text,
    updated_at             timestamptz not null default now()
);

alter table outreach_settings enable row level security;
alter table outreach_settings force row level security;
create policy tenant_isolation on outreach_settings
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table message_template (
    tenant_id   uuid not null references tenant (id) on delete cascade,
    key         text not null,
    templates   jsonb not null,
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, key)
);

alter table message_template enable row level security;
alter table message_template force row level security;
create policy tenant_isolation on message_template
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
