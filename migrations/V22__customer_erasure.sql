-- Minimal record of an erasure (GDPR Art. 17): only SHA-256 hashes of the erased identifiers, so that a later
-- import carrying one of them is refused instead of silently bringing the customer back.

create table customer_erasure (
    tenant_id        uuid not null references tenant (id) on delete cascade,
    identifier_hash  text not null,
    erased_at        timestamptz not null default now(),
    primary key (tenant_id, identifier_hash)
);

alter table customer_erasure enable row level security;
alter table customer_erasure force row level security;
create policy tenant_isolation on customer_erasure
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
