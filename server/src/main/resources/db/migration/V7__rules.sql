-- Rules: SLA clocks, auto-assignment queues and once-only marks for time-based triggers. SLA warnings
-- and breaches are rows of V6's timer table, with kinds of their own (sla-first-response-warning, ...).

-- A ticket's SLA clock per metric (first-response, resolution), in business milliseconds.
CREATE TABLE ticket_sla (
    ticket_id     BIGINT       NOT NULL,
    metric        VARCHAR(20)  NOT NULL,
    policy        VARCHAR(64)  NOT NULL,
    target_ms     BIGINT       NOT NULL,
    consumed_ms   BIGINT       NOT NULL,
    running_since TIMESTAMP(3),
    due_at        TIMESTAMP(3),
    met_at        TIMESTAMP(3),
    warned_at     TIMESTAMP(3),
    breached_at   TIMESTAMP(3),
    PRIMARY KEY (ticket_id, metric)
);
CREATE INDEX ticket_sla_open ON ticket_sla (met_at, breached_at);

-- Round-robin position per group; its row lock also serialises assignment in a group across instances.
CREATE TABLE assignment_cursor (
    group_name VARCHAR(64)  NOT NULL PRIMARY KEY,
    last_agent VARCHAR(320)
);

-- Tickets waiting for an agent of their group to fall under their cap, oldest first.
CREATE TABLE assignment_queue (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id  BIGINT        NOT NULL,
    group_name VARCHAR(64)   NOT NULL,
    strategy   VARCHAR(16)   NOT NULL,
    actor      VARCHAR(320)  NOT NULL,
    queued_at  TIMESTAMP(3)  NOT NULL,
    left_at    TIMESTAMP(3),
    outcome    VARCHAR(400)
);
CREATE INDEX assignment_waiting ON assignment_queue (left_at, group_name, id);

-- A time-based trigger ran for a ticket as it stood at its last update (mark): never twice for one mark.
CREATE TABLE trigger_mark (
    trigger_name VARCHAR(100) NOT NULL,
    ticket_id    BIGINT       NOT NULL,
    mark         BIGINT       NOT NULL,
    fired_at     TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (trigger_name, ticket_id, mark)
);
