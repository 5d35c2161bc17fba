-- One schema for H2 (MariaDB mode) and MariaDB. Every table has a primary key
-- (Galera replicates only those), nothing relies on table locks, and rows are
-- never deleted: closed tickets stay searchable.

CREATE TABLE ticket_counter (
    prefix      VARCHAR(16) NOT NULL PRIMARY KEY,
    last_number BIGINT      NOT NULL
);

CREATE TABLE customer (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    address    VARCHAR(320) NOT NULL,
    name       VARCHAR(255),
    created_at TIMESTAMP(3) NOT NULL,
    CONSTRAINT customer_address UNIQUE (address)
);

-- Every message received, stored before SMTP answers 250: the raw bytes live
-- in the blob store under raw_sha256, this row says what became of them.
CREATE TABLE inbox (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    received_at      TIMESTAMP(3)  NOT NULL,
    source           VARCHAR(16)   NOT NULL,
    mailbox          VARCHAR(320)  NOT NULL,
    envelope_from    VARCHAR(320),
    envelope_to      VARCHAR(4000) NOT NULL,
    authenticated_as VARCHAR(320),
    remote_address   VARCHAR(100),
    raw_sha256       CHAR(64)      NOT NULL,
    raw_size         BIGINT        NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    outcome          VARCHAR(16),
    ticket_id        BIGINT,
    attempts         INT           NOT NULL,
    error            VARCHAR(4000),
    processed_at     TIMESTAMP(3)
);
CREATE INDEX inbox_status ON inbox (status, received_at);

CREATE TABLE ticket (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    ref         VARCHAR(40)   NOT NULL,
    prefix      VARCHAR(16)   NOT NULL,
    seq         BIGINT        NOT NULL,
    mailbox     VARCHAR(320)  NOT NULL,
    subject     VARCHAR(1000) NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    priority    VARCHAR(16)   NOT NULL,
    customer_id BIGINT        NOT NULL,
    assignee    VARCHAR(320),
    group_name  VARCHAR(64),
    language    VARCHAR(16),
    created_at  TIMESTAMP(3)  NOT NULL,
    updated_at  TIMESTAMP(3)  NOT NULL,
    CONSTRAINT ticket_ref UNIQUE (ref),
    CONSTRAINT ticket_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE INDEX ticket_status ON ticket (status, updated_at);

CREATE TABLE ticket_tag (
    ticket_id BIGINT      NOT NULL,
    tag       VARCHAR(64) NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);

-- A message of a ticket: what a customer or agent wrote, a note, or mail we sent.
CREATE TABLE ticket_message (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id     BIGINT        NOT NULL,
    inbox_id      BIGINT,
    outbox_id     BIGINT,
    kind          VARCHAR(16)   NOT NULL,
    message_id    VARCHAR(500),
    content_hash  CHAR(64),
    from_address  VARCHAR(320),
    from_name     VARCHAR(255),
    to_addresses  VARCHAR(4000),
    cc_addresses  VARCHAR(4000),
    subject       VARCHAR(1000),
    sent_date     TIMESTAMP(3),
    text_body     LONGTEXT,
    html_body     LONGTEXT,
    parse_problem VARCHAR(4000),
    created_at    TIMESTAMP(3)  NOT NULL,
    CONSTRAINT message_ticket FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
CREATE INDEX message_by_ticket ON ticket_message (ticket_id, id);
CREATE INDEX message_by_message_id ON ticket_message (message_id);

CREATE TABLE attachment (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    message_id   BIGINT        NOT NULL,
    name         VARCHAR(1000),
    content_type VARCHAR(255)  NOT NULL,
    size         BIGINT        NOT NULL,
    sha256       CHAR(64)      NOT NULL,
    CONSTRAINT attachment_message FOREIGN KEY (message_id) REFERENCES ticket_message (id)
);
CREATE INDEX attachment_by_message ON attachment (message_id);

-- The audit log: who did what to a ticket, when, and by which way.
CREATE TABLE ticket_event (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id BIGINT        NOT NULL,
    at        TIMESTAMP(3)  NOT NULL,
    actor     VARCHAR(320)  NOT NULL,
    via       VARCHAR(16)   NOT NULL,
    type      VARCHAR(40)   NOT NULL,
    detail    VARCHAR(4000),
    CONSTRAINT event_ticket FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
CREATE INDEX event_by_ticket ON ticket_event (ticket_id, id);

-- Rendered mail waiting for delivery, written in the transaction that caused it.
CREATE TABLE outbox (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    ticket_id       BIGINT,
    kind            VARCHAR(32)   NOT NULL,
    message_id      VARCHAR(500)  NOT NULL,
    envelope_from   VARCHAR(320)  NOT NULL,
    recipients      VARCHAR(4000) NOT NULL,
    raw             LONGBLOB      NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at TIMESTAMP(3)  NOT NULL,
    lease_owner     VARCHAR(100),
    lease_until     TIMESTAMP(3),
    last_error      VARCHAR(4000),
    created_at      TIMESTAMP(3)  NOT NULL,
    sent_at         TIMESTAMP(3)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_message_id ON outbox (message_id);
