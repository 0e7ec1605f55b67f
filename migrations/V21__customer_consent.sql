-- Consent ledger (GDPR Art. 7 proof): one row per change, never updated; the current state of a purpose and
-- channel is its newest row. No row means not granted.

create table customer_consent (
    id               uuid primary key,
    tenant_id        uuid not null references tenant (id) on delete cascade,
    customer_id      uuid not null references customer (id) on delete cascade,
    purpose          text not null check (purpose in ('MARKETING', 'PROFILING', 'SERVICE')),
    channel          text not null check (channel in ('EMAIL', 'SMS', 'PUSH', 'IN_APP', 'WEBHOOK')),
    status           text not null check (status in ('GRANTED', 'DENIED', 'WITHDRAWN')),
    recorded_at      timestamptz not null,
    source           text not null,
    wording_version  text
);
create index customer_consent_customer_idx on customer_consent (customer_id, purpose, channel, recorded_at desc);
create index customer_consent_tenant_idx on customer_consent (tenant_id);

alter table customer_consent enable row level security;
alter table customer_consent force row level security;
create policy tenant_isolation on customer_consent
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
