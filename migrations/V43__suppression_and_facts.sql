-- Applicability inputs: explicit suppressions (a category or one offer, for a customer, until a time) and the
-- decision module's own facts about recent purchases, bookings, open service cases and owned items by category,
-- kept from accepted events (the events table belongs to the event module).
create table suppression (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid not null,
    category     text,
    offer_code   text,
    until        timestamptz not null,
    reason       text not null,
    created_at   timestamptz not null default now(),
    check (category is not null or offer_code is not null)
);
create index suppression_customer_idx on suppression (tenant_id, customer_id, until);

alter table suppression enable row level security;
alter table suppression force row level security;
create policy tenant_isolation on suppression
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table customer_fact (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid not null,
    kind         text not null check (kind in ('PURCHASE', 'BOOKING', 'CASE_OPENED', 'CASE_CLOSED', 'OWNED')),
    category     text not null,
    item         text,
    event_id     uuid,
    event_name   text not null,
    occurred_at  timestamptz not null,
    unique (tenant_id, event_id, kind, category)
);
create index customer_fact_customer_idx on customer_fact (tenant_id, customer_id, category, occurred_at desc);

alter table customer_fact enable row level security;
alter table customer_fact force row level security;
create policy tenant_isolation on customer_fact
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- How a tenant's events become facts (from its pack's offers.json, "facts"): an event name, the fact kind, and
-- the category, fixed or read from a property through a map of values.
create table fact_rule (
    id                 uuid primary key,
    tenant_id          uuid not null references tenant (id) on delete cascade,
    event_name         text not null,
    kind               text not null check (kind in ('PURCHASE', 'BOOKING', 'CASE_OPENED', 'CASE_CLOSED', 'OWNED')),
    category           text,
    category_property  text,
    category_map       jsonb not null default '{}'::jsonb,
    item_property      text,
    unique (tenant_id, event_name, kind)
);

alter table fact_rule enable row level security;
alter table fact_rule force row level security;
create policy tenant_isolation on fact_rule
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
