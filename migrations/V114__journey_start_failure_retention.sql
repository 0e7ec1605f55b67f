-- Retention of start failures (V112): a resolved failure keeps the event's properties (personal data) but is no
-- longer needed for a retry, so the journey module's sweep deletes those resolved before a cut-off
-- (genkend.journey.start-failure-retention), across tenants, hence SECURITY DEFINER like the webhook purge (V54).
-- Open failures are never purged: they wait for a fix and a retry (or the customer's erasure).

create function journey_start_failure_purge(p_before timestamptz)
    returns integer
    language sql volatile security definer set search_path = public
as $$
    with gone as (
        delete from journey_start_failure
         where resolved_at is not null and resolved_at < p_before
        returning 1
    )
    select count(*)::integer from gone;
$$;

revoke execute on function journey_start_failure_purge(timestamptz) from public;
grant execute on function journey_start_failure_purge(timestamptz) to genkend_app;
