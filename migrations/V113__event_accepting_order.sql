-- The order in which events were accepted: seq grows with every stored event (an identity column; a group commit's
-- multi-row insert takes its values in the batch's order), so one customer's events can be fed to the journeys in
-- the order of the ingest whatever thread runs first (JourneyTriggers, docs/journeys.md "Order per customer").
-- Adding the column numbers the existing rows in the table's physical order, which is roughly their insertion
-- order; they have all been fed to the journeys long ago, so their exact order no longer matters.
alter table event add column seq bigint generated always as identity;

-- A customer's recently accepted events (JourneyTriggers' look-up of earlier events not fed yet: one range scan
-- per event, over the customer's events of the last few minutes).
create index event_customer_received_idx on event (customer_id, received_at) include (seq);
