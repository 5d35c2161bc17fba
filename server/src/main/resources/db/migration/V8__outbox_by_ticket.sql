-- The mail a ticket sent, looked up on every acknowledgement and agent reply (the References of the
-- customer's thread) and by `postdesk ticket show`. Without this index each lookup read the whole
-- outbox: with a million tickets behind it the benchmark's rate fell far below the empty database's.
CREATE INDEX outbox_by_ticket ON outbox (ticket_id, id);
