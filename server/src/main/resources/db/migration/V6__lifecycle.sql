-- Ticket lifecycle: merges, tasks, and timers (snooze wake-ups and task reminders here; SLA timers
-- and time-based triggers reuse the same table with kinds of their own).

-- A merged ticket points at the ticket that took its messages; its id keeps resolving there.
ALTER TABLE ticket ADD COLUMN merged_into BIGINT;

-- A task linked to a ticket: who must do what by when. Shown as T-<id>.
CREATE TABLE task (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id   BIGINT        NOT NULL,
    owner       VARCHAR(320)  NOT NULL,
    due_at      TIMESTAMP(3)  NOT NULL,
    description VARCHAR(4000) NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    created_by  VARCHAR(320)  NOT NULL,
    created_at  TIMESTAMP(3)  NOT NULL,
    done_by     VARCHAR(320),
    done_at     TIMESTAMP(3),
    CONSTRAINT task_ticket FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
CREATE INDEX task_by_ticket ON task (ticket_id, id);
CREATE INDEX task_by_owner ON task (owner, status, due_at);

-- Something to do at a time, surviving restarts. Workers claim a due row with a lease (lease_owner,
-- lease_until), so of several instances exactly one fires it; status: pending, fired, cancelled, failed.
CREATE TABLE timer (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind         VARCHAR(32)   NOT NULL,
    ticket_id    BIGINT,
    due_at       TIMESTAMP(3)  NOT NULL,
    payload      VARCHAR(4000),
    status       VARCHAR(16)   NOT NULL,
    created_at   TIMESTAMP(3)  NOT NULL,
    lease_owner  VARCHAR(100),
    lease_until  TIMESTAMP(3),
    attempts     INT           NOT NULL,
    last_error   VARCHAR(4000),
    fired_at     TIMESTAMP(3),
    cancelled_at TIMESTAMP(3)
);
CREATE INDEX timer_due ON timer (status, due_at);
CREATE INDEX timer_by_ticket ON timer (ticket_id, kind, status);
