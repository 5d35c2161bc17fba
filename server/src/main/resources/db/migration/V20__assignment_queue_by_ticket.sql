-- Whether a ticket waits in a queue, and taking it out, were asked by ticket_id with no index for it:
-- a scan of every queue row ever written, once per new ticket, so assignment slowed down as the queue's
-- history grew (a third of the benchmark's database time once agents were at their caps).
CREATE INDEX assignment_queue_ticket ON assignment_queue (ticket_id, left_at);
