-- Job acquisition by due date (JourneyEnginePlugin: ensureJobDueDateNotNull and jobExecutorAcquireByDueDate).
-- Camunda's acquisition (selectNextJobsToExecute, Job.xml) had no index to use: every acquisition read all of
-- ACT_RU_JOB, and every journey waiting on a timer (a 7-day answer timeout, the day before an appointment) keeps a
-- job there. With 4,700 timer jobs an acquisition took 1-4 ms and was, at two to three acquisitions per event,
-- 37 % of PostgreSQL's statement time in the benchmark's end-to-end phase, and 6 ms when a backlog of due jobs
-- had formed (docs/performance.md, session 4). Now the engine gives every job a due date (an async continuation:
-- its creation time) and takes the earliest due first: "DUEDATE_ <= now ... order by DUEDATE_ limit n" reads a
-- few entries of this index, however many timers wait and however long the backlog.
create index if not exists ACT_IDX_JOB_DUEDATE on ACT_RU_JOB (DUEDATE_);

-- Jobs written before (async continuations had no due date) would no longer be acquired without one.
update ACT_RU_JOB set DUEDATE_ = coalesce(CREATE_TIME_, now()) where DUEDATE_ is null;

-- During a rolling upgrade, replicas of the version before still write async continuations without a due date
-- until they stop; this gives them one as they are written (a no-op for the engine configured here).
create or replace function genkend_job_due_date() returns trigger language plpgsql as $$
begin
    new.DUEDATE_ := coalesce(new.CREATE_TIME_, now());
    return new;
end $$;
create trigger ACT_RU_JOB_DUE_DATE before insert on ACT_RU_JOB
    for each row when (new.DUEDATE_ is null) execute function genkend_job_due_date();
