-- Journeys record history at Camunda's level "audit" (camunda.bpm.history-level in application.yml), not "full":
-- what Genkend reads from the history (process, activity, task and variable instances: counts, the instance
-- trail, the customer's data export) is all kept at "audit"; "full" added a row per variable update
-- (ACT_HI_DETAIL), per job state (ACT_HI_JOB_LOG), per DMN evaluation and per identity link on the path of every
-- event, which nothing reads (docs/performance.md). The engine refuses to start when the level stored here differs
-- from the configured one, so an existing database is moved from full (3) to audit (2). A new database has no row
-- yet: the engine writes it at its first start.
update ACT_GE_PROPERTY set VALUE_ = '2' where NAME_ = 'historyLevel' and VALUE_ = '3';
