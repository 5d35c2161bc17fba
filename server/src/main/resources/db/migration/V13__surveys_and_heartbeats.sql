-- Satisfaction surveys and running instances.

-- The customer's answer to a ticket's satisfaction survey: one row per ticket, a later answer
-- replaces the earlier one (the ticket's events keep both). agent is the ticket's assignee when the
-- answer came, so that reports credit the agent who handled it even if the ticket is reassigned later.
CREATE TABLE survey_answer (
    ticket_id   BIGINT       NOT NULL PRIMARY KEY,
    score       INT          NOT NULL,
    comment     TEXT,
    answered_at TIMESTAMP    NOT NULL,
    agent       VARCHAR(320)
);

-- One row per running Postdesk instance, written at start and every few seconds after (seen_at), so
-- that `postdesk status` can tell which instances listen where and which have gone quiet.
CREATE TABLE instance_heartbeat (
    instance_id VARCHAR(100) NOT NULL PRIMARY KEY,
    host        VARCHAR(255) NOT NULL,
    smtp_port   INT,
    http_port   INT,
    started_at  TIMESTAMP(3) NOT NULL,
    seen_at     TIMESTAMP(3) NOT NULL
);
CREATE INDEX instance_heartbeat_seen ON instance_heartbeat (seen_at);
