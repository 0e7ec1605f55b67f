-- Journeys record history at Genkend's custom Camunda history level "audit-without-step-inputs" (id 21,
-- io.genkend.journey.internal.JourneyHistoryLevel, camunda.bpm.history-level in application.yml): audit without the
-- variables local to a step's scope (its input parameters), which nothing reads. The engine refuses to start when
-- the level stored here differs from the configured one, so a database at audit (2, V95) moves to 21.
update ACT_GE_PROPERTY set VALUE_ = '21' where NAME_ = 'historyLevel' and VALUE_ = '2';
