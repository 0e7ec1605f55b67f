-- The sender and the response-window sweep work for every tenant, but row-level security shows a connection
-- only its tenant's rows. These SECURITY DEFINER functions return just the ids and tenants of due work; the
-- work itself is then done under each tenant's own context.
create function outreach_due(p_now timestamptz, p_limit integer)
    returns table (outreach_id uuid, tenant_id uuid, tenant_slug text)
    language sql stable security definer set search_path = public
as $$
    select o.id, o.tenant_id, t.slug
      from outreach o join tenant t on t.id = o.tenant_id
     where o.status in ('SCHEDULED', 'HELD') and o.release_at <= p_now
       and (o.claimed_until is null or o.claimed_until < p_now)
     order by o.release_at
     limit p_limit;
$$;

create function outreach_unanswered(p_now timestamptz, p_limit integer)
    returns table (outreach_id uuid, tenant_id uuid, tenant_slug text)
    language sql stable security definer set search_path = public
as $$
    select o.id, o.tenant_id, t.slug
      from outreach o join tenant t on t.id = o.tenant_id
     where o.status in ('SENT', 'DELIVERED', 'CLICKED') and o.respond_by <= p_now
     order by o.respond_by
     limit p_limit;
$$;
