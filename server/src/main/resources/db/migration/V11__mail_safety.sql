-- Loop and storm protection and bounces.

-- Every recipient of automatic mail (acknowledgements, triggered mail to customers, error replies),
-- written with its outbox row in one transaction: what limits.perRecipient, perRecipientDaily and
-- perTicket count, in the database so that the limits hold across instances.
CREATE TABLE automatic_mail (
    outbox_id  BIGINT       NOT NULL,
    recipient  VARCHAR(320) NOT NULL,
    ticket_id  BIGINT,
    created_at TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (outbox_id, recipient)
);
CREATE INDEX automatic_mail_by_recipient ON automatic_mail (recipient, created_at);
CREATE INDEX automatic_mail_by_ticket ON automatic_mail (ticket_id, created_at);

-- Each message processed, by sender, for limits.senderMessages. over_limit marks a message that came
-- past the limit: it was stored and threaded, and answered by nothing automatic.
CREATE TABLE sender_message (
    inbox_id    BIGINT       NOT NULL PRIMARY KEY,
    sender      VARCHAR(320) NOT NULL,
    received_at TIMESTAMP(3) NOT NULL,
    over_limit  BOOLEAN      NOT NULL
);
CREATE INDEX sender_message_by_sender ON sender_message (sender, received_at);

-- Addresses that hard-bounced: no automatic mail to them before suppressed_until.
CREATE TABLE suppressed_address (
    address          VARCHAR(320)  NOT NULL PRIMARY KEY,
    suppressed_until TIMESTAMP(3)  NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    outbox_id        BIGINT,
    updated_at       TIMESTAMP(3)  NOT NULL
);

-- A mail the relay took and that came back as a bounce: when, and what the bounce said.
ALTER TABLE outbox ADD COLUMN bounced_at TIMESTAMP(3);
ALTER TABLE outbox ADD COLUMN bounce VARCHAR(1000);
