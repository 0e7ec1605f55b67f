-- Each tenant's decision settings (its holdout share; the platform default applies without a row) and the
-- customers added to its holdout group explicitly (the journey step "add to holdout"), beside the hashed ones.
create table decision_settings (
    tenant_id        uuid primary key references tenant (id) on delete cascade,
    holdout_percent  double precision not null check (holdout_percent >= 0 and holdout_percent <= 100),
    updated_at       timestamptz not null default now()
);

alter table decision_settings enable row level security;
alter table decision_settings force row level security;
create policy tenant_isolation on decision_settings
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table holdout_member (
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid not null,
    reason       text,
    added_at     timestamptz not null default now(),
    primary key (tenant_id, customer_id)
);

alter table holdout_member enable row level security;
alter table holdout_member force row level security;
create policy tenant_isolation on holdout_member
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
