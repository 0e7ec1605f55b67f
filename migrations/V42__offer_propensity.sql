-- The adaptive propensity model: Beta(alpha, beta) per tenant and offer, counting only the evidence from
-- responses (the prior is added when read, so a changed prior applies at once), and each customer's responses
-- per offer (for the "ignored twice" suppression rule).
create table offer_propensity (
    tenant_id   uuid not null references tenant (id) on delete cascade,
    offer_code  text not null,
    successes   double precision not null default 0,
    failures    double precision not null default 0,
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, offer_code)
);

alter table offer_propensity enable row level security;
alter table offer_propensity force row level security;
create policy tenant_isolation on offer_propensity
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table offer_response (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid not null,
    offer_code   text not null,
    response     text not null check (response in ('ACCEPTED', 'DECLINED', 'CLICKED', 'IGNORED')),
    outreach_id  uuid,
    responded_at timestamptz not null default now()
);
create index offer_response_customer_idx on offer_response (tenant_id, customer_id, offer_code);
create unique index offer_response_once_idx on offer_response (tenant_id, outreach_id, response)
    where outreach_id is not null;

alter table offer_response enable row level security;
alter table offer_response force row level security;
create policy tenant_isolation on offer_response
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
