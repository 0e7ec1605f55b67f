-- The dispatcher works across tenants, which row-level security forbids by design. Instead of looping over
-- every tenant, this SECURITY DEFINER function claims due deliveries of all tenants at once and returns only
-- their ids and tenants; the dispatcher then reads and updates each one under its tenant (RLS applies again).
--
-- Claiming takes a lease (claimed_until) rather than holding a row lock during the HTTP call: FOR NO KEY UPDATE
-- SKIP LOCKED keeps replicas that claim at the same moment apart, and a replica that dies mid-attempt leaves a lease
-- that simply expires, after which another replica retries with the same webhook-id. At most p_per_endpoint
-- deliveries of one subscription are in flight at a time, across all replicas. Deliveries of a subscription
-- disabled by hand wait (they go out when it is enabled again).

create function claim_webhook_deliveries(p_now timestamptz, p_limit integer, p_per_endpoint integer,
                                         p_lease_seconds integer)
    returns table (delivery_id uuid, tenant_id uuid, tenant_slug text)
    language sql volatile security definer set search_path = public
as $$
    with busy as (
        select b.subscription_id, count(*) as in_flight
          from webhook_delivery b
         where b.status = 'PENDING' and b.claimed_until > p_now
         group by b.subscription_id
    ), candidates as (
        select d.id, d.subscription_id, d.next_attempt_at
          from webhook_delivery d
         where d.status = 'PENDING' and d.next_attempt_at <= p_now
           and (d.claimed_until is null or d.claimed_until <= p_now)
           and exists (select 1 from webhook_subscription s where s.id = d.subscription_id and s.enabled)
           and not exists (select 1 from busy where busy.subscription_id = d.subscription_id
                                                and busy.in_flight >= p_per_endpoint)
         order by d.next_attempt_at
         limit greatest(p_limit, 1) * 4
           for no key update of d skip locked
    ), ranked as (
        select c.id, c.next_attempt_at,
               row_number() over (partition by c.subscription_id order by c.next_attempt_at)
                   + coalesce(busy.in_flight, 0) as slot
          from candidates c left join busy on busy.subscription_id = c.subscription_id
    ), chosen as (
        select r.id from ranked r where r.slot <= p_per_endpoint order by r.next_attempt_at limit p_limit
    )
    update webhook_delivery d
       set claimed_until = p_now + make_interval(secs => p_lease_seconds)
      from chosen, tenant t
     where d.id = chosen.id and t.id = d.tenant_id
    returning d.id, d.tenant_id, t.slug;
$$;

revoke execute on function claim_webhook_deliveries(timestamptz, integer, integer, integer) from public;
grant execute on function claim_webhook_deliveries(timestamptz, integer, integer, integer) to genkend_app;
