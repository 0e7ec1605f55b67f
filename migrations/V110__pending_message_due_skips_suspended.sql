-- The sweep's look-up of buffered messages that an instance now waits for takes only active waiting executions
-- (suspension_state_ = 1), as JourneyTriggers.WAITING_EXECUTIONS does: a suspended journey's instance does not
-- receive messages, so its buffered message is not due until the journey is activated (before, it was listed at
-- every sweep, delivered to nobody, and took a place of the sweep's limit). Otherwise as V97.
create or replace function journey_pending_message_due(p_now timestamptz, p_limit integer)
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
      join act_ru_execution w on w.id_ = s.execution_id_ and w.suspension_state_ = 1
     where p.expires_at > p_now
     limit p_limit;
$$;
