-- Retention of the webhook delivery log: finished deliveries (succeeded or dead) older than the retention
-- period are deleted with their attempts, across tenants, hence SECURITY DEFINER like the claim function.
-- Pending deliveries are never purged.

create function purge_webhook_deliveries(p_before timestamptz)
    returns integer
    language sql volatile security definer set search_path = public
as $$
    with gone as (
        delete from webhook_delivery
         where status in ('SUCCEEDED', 'DEAD') and completed_at < p_before
        returning 1
    )
    select count(*)::integer from gone;
$$;

revoke execute on function purge_webhook_deliveries(timestamptz) from public;
grant execute on function purge_webhook_deliveries(timestamptz) to genkend_app;
