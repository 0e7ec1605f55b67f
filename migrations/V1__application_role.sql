-- The application connects as genkend_app: neither superuser nor owner of any table, so PostgreSQL's
-- row-level security applies to it (STACK.md). Flyway runs as the owner; the app role gets DML on present and
-- future tables. The password comes from the Flyway placeholder appPassword (genkend.database.app-password).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'genkend_app') then
    create role genkend_app login password '${appPassword}' nosuperuser nocreatedb nocreaterole noinherit;
  else
    alter role genkend_app login password '${appPassword}';
  end if;
end
$$;

grant usage on schema public to genkend_app;
alter default privileges in schema public grant select, insert, update, delete on tables to genkend_app;
alter default privileges in schema public grant usage, select, update on sequences to genkend_app;
alter default privileges in schema public grant execute on functions to genkend_app;
