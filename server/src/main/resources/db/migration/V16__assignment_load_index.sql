-- Auto-assignment counts each agent's new and open tickets before every assignment and after every
-- message (is there room to hand out a queued ticket?). Without this index that count read every
-- ticket with a status in ('new', 'open'), which grows with the queue; with it, only the agent's own.
CREATE INDEX ticket_by_assignee ON ticket (assignee, status);
