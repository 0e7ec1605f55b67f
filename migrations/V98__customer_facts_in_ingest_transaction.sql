-- Customer facts are now recorded in the transaction that stores an event (a synchronous listener of
-- EventAccepted) instead of by an asynchronous listener with a publication of its own. Publications of the old
-- listener that were still incomplete have no listener any more: mark them completed so that the republication at
-- start-up does not look for it. (Facts of events accepted but not yet processed at the upgrade are not recorded.)
update event_publication
   set completion_date = now()
 where completion_date is null
   and listener_id like 'io.genkend.decision.internal.CustomerFacts.%';
