-- Tenants, their users and API keys. Tenant-owned tables carry tenant_id and a forced row-level security
-- policy on the transaction's app.tenant_id setting (set with set_config(..., true) by the application).
-- The two look-ups that happen before a tenant is known (API key by hash, login by e-mail) go through
-- SECURITY DEFINER functions that return only the matching row.

create table tenant (
    id          uuid primary key,
    slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text not null,
    pack        text,
    time_zone   text not null default 'Europe/Copenhagen',
    status      text not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
    created_at  timestamptz not null default now()
);

create table app_user (
    id             uuid primary key,
    tenant_id      uuid references tenant (id) on delete cascade,
    email          text not null unique,
    display_name   text not null,
    password_hash  text not null,
    roles          text[] not null,
    enabled        boolean not null default true,
    created_at     timestamptz not null default now()
);
create index app_user_tenant_idx on app_user (tenant_id);

create table api_key (
    id            uuid primary key,
    tenant_id     uuid not null references tenant (id) on delete cascade,
    name          text not null,
    prefix        text not null,
    key_hash      text not null unique,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_key_tenant_idx on api_key (tenant_id);

alter table app_user enable row level security;
alter table app_user force row level security;
create policy tenant_isolation on app_user
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table api_key enable row level security;
alter table api_key force row level security;
create policy tenant_isolation on api_key
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Resolves an API key (SHA-256 hex of the secret) to its tenant and records its use. Revoked keys and
-- suspended tenants resolve to nothing.
create function resolve_api_key(p_key_hash text)
    returns table (key_id uuid, tenant_id uuid, tenant_slug text)
    language sql security definer set search_path = public
as $$
    update api_key k set last_used_at = now()
      from tenant t
     where k.key_hash = p_key_hash and k.revoked_at is null
       and t.id = k.tenant_id and t.status = 'ACTIVE'
    returning k.id, k.tenant_id, t.slug;
$$;

-- Finds a user for form login by e-mail (case-insensitive), with the tenant's slug (null for operators).
create function find_login(p_email text)
    returns table (user_id uuid, tenant_id uuid, tenant_slug text, email text, display_name text,
                   password_hash text, roles text[], enabled boolean)
    language sql stable security definer set search_path = public
as $$
    select u.id, u.tenant_id, t.slug, u.email, u.display_name, u.password_hash, u.roles,
           u.enabled and coalesce(t.status = 'ACTIVE', true)
      from app_user u left join tenant t on t.id = u.tenant_id
     where lower(u.email) = lower(p_email);
$$;

-- Platform operators (users without a tenant) are managed by the platform: this function creates or updates
-- one; ordinary users are written under their tenant's RLS policy.
create function upsert_operator(p_id uuid, p_email text, p_display_name text, p_password_hash text)
    returns uuid
    language sql security definer set search_path = public
as $$
    insert into app_user (id, tenant_id, email, display_name, password_hash, roles)
    values (p_id, null, p_email, p_display_name, p_password_hash, array['PLATFORM_ADMIN'])
    on conflict (email) do update set password_hash = excluded.password_hash, display_name = excluded.display_name
    returning id;
$$;

revoke execute on function upsert_operator(uuid, text, text, text) from public;
grant execute on function upsert_operator(uuid, text, text, text) to genkend_app;
