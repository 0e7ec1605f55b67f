-- Resolving an API key wrote last_used_at on every request, so all concurrent requests made with one key queued on
-- that one api_key row's lock (and each request was a write transaction). The key's last use is now recorded at
-- most once a minute: the same answer, a write only when the recorded time is older than a minute.
-- Revoked keys and suspended tenants still resolve to nothing.
create or replace function resolve_api_key(p_key_hash text)
    returns table (key_id uuid, tenant_id uuid, tenant_slug text)
    language sql security definer set search_path = public
as $$
    with found as (
        select k.id, k.tenant_id, t.slug, k.last_used_at
          from api_key k
          join tenant t on t.id = k.tenant_id
         where k.key_hash = p_key_hash and k.revoked_at is null and t.status = 'ACTIVE'
    ), touched as (
        update api_key k set last_used_at = now()
          from found f
         where k.id = f.id and (f.last_used_at is null or f.last_used_at < now() - interval '1 minute')
    )
    select f.id, f.tenant_id, f.slug from found f;
$$;
