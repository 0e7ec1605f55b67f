-- Customer profiles and their identities (Segment userId/anonymousId, e-mail, phone). A profile's traits are a
-- JSON object merged with `||` in one UPDATE, so concurrent identify calls lose no write.

create table customer (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id) on delete cascade,
    user_id     text,
    email       text,
    phone       text,
    locale      text,
    time_zone   text,
    traits      jsonb not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (tenant_id, user_id)
);
create index customer_tenant_idx on customer (tenant_id);

create table customer_identity (
    tenant_id    uuid not null references tenant (id) on delete cascade,
    kind         text not null check (kind in ('user_id', 'anonymous_id', 'email', 'phone')),
    value        text not null,
    customer_id  uuid not null references customer (id) on delete cascade,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, kind, value)
);
create index customer_identity_customer_idx on customer_identity (customer_id);

alter table customer enable row level security;
alter table customer force row level security;
create policy tenant_isolation on customer
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table customer_identity enable row level security;
alter table customer_identity force row level security;
create policy tenant_isolation on customer_identity
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
