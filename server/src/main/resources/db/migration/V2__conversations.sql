-- Conversations: participants, visible text, closing time for the reopen window, follow-up links.

ALTER TABLE ticket ADD COLUMN closed_at TIMESTAMP(3);
ALTER TABLE ticket ADD COLUMN follow_up_of BIGINT;

ALTER TABLE ticket_message ADD COLUMN visible_text LONGTEXT;

-- People Cc'd by the customer: they get agent replies too, and may write into the ticket.
CREATE TABLE ticket_participant (
    ticket_id BIGINT       NOT NULL,
    address   VARCHAR(320) NOT NULL,
    added_at  TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (ticket_id, address)
);
