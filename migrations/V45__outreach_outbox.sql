-- Outreach: one message to one customer on one channel, and the send outbox at the same time. A row is written
-- in the journey step's transaction; the sender picks due rows after commit. handed_over_at is the sent marker,
-- committed right after the provider took the message, so that a retried job never sends twice.
create table outreach (
    id                   uuid primary key,
    tenant_id            uuid not null references tenant (id) on delete cascade,
    customer_id          uuid not null,
    offer_code           text,
    decision_id          uuid,
    template             text,
    channel              text,
    language             text,
    transactional        boolean not null default false,
    status               text not null check (status in ('SCHEDULED', 'HELD', 'CAPPED', 'SUPPRESSED', 'SENT',
                             'DELIVERED', 'CLICKED', 'ACCEPTED', 'DECLINED', 'IGNORED', 'FAILED')),
    reason               text,
    recipient            text,
    subject              text,
    body_text            text,
    body_html            text,
    variables            jsonb not null default '{}'::jsonb,
    journey_instance_id  text,
    idempotency_key      text,
    message_id           text not null,
    release_at           timestamptz,
    claimed_until        timestamptz,
    attempts             integer not null default 0,
    last_error           text,
    handed_over_at       timestamptz,
    provider_reference   text,
    sent_at              timestamptz,
    delivered_at         timestamptz,
    read_at              timestamptz,
    respond_by           timestamptz,
    responded_at         timestamptz,
    created_at           timestamptz not null default now()
);
create unique index outreach_idempotency_idx on outreach (tenant_id, idempotency_key)
    where idempotency_key is not null;
create index outreach_customer_idx on outreach (tenant_id, customer_id, created_at desc);
create index outreach_due_idx on outreach (release_at) where status in ('SCHEDULED', 'HELD');
create index outreach_respond_by_idx on outreach (respond_by) where status in ('SENT', 'DELIVERED', 'CLICKED');

alter table outreach enable row level security;
alter table outreach force row level security;
create policy tenant_isolation on outreach
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Every state change with its reason (capped, held, suppressed, sent, ...), for the timeline and audits.
create table outreach_history (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    outreach_id  uuid not null references outreach (id) on delete cascade,
    status       text not null,
    reason       text,
    at           timestamptz not null default now()
);
create index outreach_history_outreach_idx on outreach_history (outreach_id, at);

alter table outreach_history enable row level security;
alter table outreach_history force row level security;
create policy tenant_isolation on outreach_history
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Objections to direct marketing (GDPR Art. 21) received through an unsubscribe link: honoured by outreach at
-- once, whatever the customer module's consent says. channel null: every channel.
create table marketing_objection (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    customer_id  uuid not null,
    channel      text,
    outreach_id  uuid,
    objected_at  timestamptz not null default now()
);
create index marketing_objection_customer_idx on marketing_objection (tenant_id, customer_id);

alter table marketing_objection enable row level security;
alter table marketing_objection force row level security;
create policy tenant_isolation on marketing_objection
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
