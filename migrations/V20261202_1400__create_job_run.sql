-- One row per scheduled job and period, written by the node that runs it. Quartz fires each period on one node,
-- but runs it again on another when it takes a busy node for a dead one; the second firing of a finished (or
-- still running) period is vetoed, while a period whose node really died mid-run is taken over.
CREATE TABLE job_run
(
    job_name      varchar(200)             NOT NULL,
    scheduled_for timestamp with time zone NOT NULL,
    node          varchar(200)             NOT NULL,
    started_at    timestamp with time zone NOT NULL,
    finished_at   timestamp with time zone,
    PRIMARY KEY (job_name, scheduled_for)
);
CREATE INDEX job_run_age ON job_run (scheduled_for);
