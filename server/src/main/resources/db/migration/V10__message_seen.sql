-- Duplicates: one row per distinct message received, inserted in the transaction that processes it.
-- Its primary key is what makes "stored once" hold across instances: of two deliveries of one message
-- processed at the same moment (a sender retrying after a timeout, one mail fetched by IMAP and received
-- by SMTP), the second insert waits for the first transaction and then fails, and that delivery is
-- recorded as a duplicate. The mailbox is not part of the key: one mail sent to two support addresses
-- is one conversation, as the read-only check before V10 had it.
--   message_key  sha256 of the Message-ID, or of sender and Date for a message without one
--   content_hash sha256 of the text and attachments (ParsedMessage.contentHash)
CREATE TABLE message_seen (
    message_key  CHAR(64)     NOT NULL,
    content_hash CHAR(64)     NOT NULL,
    inbox_id     BIGINT       NOT NULL,
    mailbox      VARCHAR(320) NOT NULL,
    seen_at      TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (message_key, content_hash)
);
