-- Message buffering: an event:<name> message that no journey instance of the customer waits for yet, kept until
-- an instance of the customer reaches a catch event or receive task for it (then correlated and deleted) or until
-- it expires (Camunda 7 has no message buffer; this is the store-and-correlate-on-arrival pattern, with a TTL as
-- in Camunda 8). One row per event; the oldest is delivered first.

create table journey_pending_message (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id) on delete cascade,
    customer_id   uuid not null,
    message_name  text not null,
    event_id      uuid,
    variables     jsonb not null default '{}'::jsonb,
    received_at   timestamptz not null default now(),
    expires_at    timestamptz not null
);
create index journey_pending_message_wait_idx
    on journey_pending_message (tenant_id, customer_id, message_name, received_at);
create index journey_pending_message_expiry_idx on journey_pending_message (expires_at);

alter table journey_pending_message enable row level security;
alter table journey_pending_message force row level security;
create policy tenant_isolation on journey_pending_message
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The expiry sweep works for every tenant; row-level security shows a connection only its tenant's rows.
create function journey_pending_message_purge(p_now timestamptz)
    returns integer
    language sql volatile security definer set search_path = public
as $$
    with gone as (delete from journey_pending_message where expires_at <= p_now returning 1)
    select count(*)::integer from gone;
$$;

-- The buffered messages that an instance of their customer now waits for (a subscription of the same message
-- name in an instance whose business key is the customer), for the sweep that delivers what the catch-event
-- listener missed (a message buffered while the instance reached the catch event in another transaction).
create function journey_pending_message_due(p_now timestamptz, p_limit integer)
    returns table (tenant_id uuid, tenant_slug text, customer_id uuid, message_name text)
    language sql stable security definer set search_path = public
as $$
    select distinct p.tenant_id, t.slug, p.customer_id, p.message_name
      from journey_pending_message p
      join tenant t on t.id = p.tenant_id
      join act_ru_execution pi on pi.business_key_ = p.customer_id::text and pi.tenant_id_ = t.slug
                              and pi.id_ = pi.proc_inst_id_
      join act_ru_event_subscr s on s.proc_inst_id_ = pi.id_ and s.event_name_ = p.message_name
                                and s.event_type_ = 'message'
     where p.expires_at > p_now
     limit p_limit;
$$;
