-- Stored next-best-offer decisions: the chosen offer (or none) and every candidate's priority or the policy that
-- dropped it, for the customer's timeline and for uplift measurement (holdout).
create table decision (
    id                   uuid primary key,
    tenant_id            uuid not null references tenant (id) on delete cascade,
    customer_id          uuid not null,
    context              text,
    offer_code           text,
    holdout              boolean not null,
    candidates           jsonb not null,
    journey_instance_id  text,
    decided_at           timestamptz not null default now()
);
create index decision_customer_idx on decision (tenant_id, customer_id, decided_at desc);

alter table decision enable row level security;
alter table decision force row level security;
create policy tenant_isolation on decision
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
