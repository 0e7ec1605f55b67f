-- The offer catalogue of each tenant (decision module): what can be offered, to whom (eligibility and
-- suitability as DMN XML, applicability as settings), where (channels and templates per channel and language)
-- and how it is ranked (value, lever, context weights, Beta prior of its propensity).
create table offer (
    id                 uuid primary key,
    tenant_id          uuid not null references tenant (id) on delete cascade,
    code               text not null check (code ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    name               text not null,
    category           text not null,
    value              numeric(12, 2) not null default 1 check (value >= 0),
    lever              numeric(8, 4) not null default 1 check (lever >= 0),
    context_weights    jsonb not null default '{}'::jsonb,
    valid_from         timestamptz,
    valid_until        timestamptz,
    channels           text[] not null default array['EMAIL']::text[],
    templates          jsonb not null default '{}'::jsonb,
    eligibility_dmn    text,
    suitability_dmn    text,
    applicability      jsonb not null default '{}'::jsonb,
    prior_alpha        double precision check (prior_alpha > 0),
    prior_beta         double precision check (prior_beta > 0),
    response_window_hours integer check (response_window_hours > 0),
    active             boolean not null default true,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    unique (tenant_id, code)
);

alter table offer enable row level security;
alter table offer force row level security;
create policy tenant_isolation on offer
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
