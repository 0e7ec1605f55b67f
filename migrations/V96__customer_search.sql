-- Customer search on the customer 360 page (io.genkend.customer.CustomerSearch): phone identities by their
-- digits (separators, a leading + or 00 ignored), and the start of the customer's name. Both indexes lead with
-- tenant_id; the queries name the tenant as well as row-level security does.

create index customer_identity_phone_digits_idx on customer_identity
    (tenant_id, (regexp_replace(regexp_replace(value, '[^0-9]', '', 'g'), '^00', '')))
    where kind = 'phone';

create index customer_name_prefix_idx on customer
    (tenant_id, lower(coalesce(traits ->> 'name', (traits ->> 'firstName') || ' ' || (traits ->> 'lastName'),
                               traits ->> 'firstName', traits ->> 'lastName')) text_pattern_ops);
