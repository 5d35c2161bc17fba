-- One row per IMAP fetcher (mailbox + folder): how far it has taken mail, and its health.
-- Progress is the highest UID taken under one UIDVALIDITY (RFC 3501 §2.3.1.1), never the
-- \Seen flag, which belongs to the people reading the mailbox. The row is also the lease
-- that lets one instance of several fetch a mailbox, and what `postdesk status` shows.
CREATE TABLE imap_state (
    mailbox       VARCHAR(320)  NOT NULL,
    folder        VARCHAR(255)  NOT NULL,
    uid_validity  BIGINT,
    last_uid      BIGINT        NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    owner         VARCHAR(100),
    lease_until   TIMESTAMP(3),
    last_success  TIMESTAMP(3),
    last_error    VARCHAR(4000),
    last_error_at TIMESTAMP(3),
    updated_at    TIMESTAMP(3)  NOT NULL,
    PRIMARY KEY (mailbox, folder)
);

-- `postdesk import` asks, for each message, whether the same bytes were already processed
-- (InboxMapper.processedTicketOf), so that running an import again stores nothing new.
CREATE INDEX inbox_raw_sha256 ON inbox (raw_sha256);
