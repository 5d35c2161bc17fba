-- ticket list walks a tier in its order and stops at its limit when a search word is common (see
-- TicketListMapper): that needs the order from an index, ties broken by id. Closed tickets come most
-- recently updated first, ties to the lower id: a mixed direction, so the index says DESC itself (MariaDB
-- 10.8+ and H2 honour it). Pending and snoozed come least recently updated first; this index replaces
-- ticket_status (status, updated_at), whose every use it serves, id included for H2.
CREATE INDEX ticket_tier_newest ON ticket (status, updated_at DESC, id);
CREATE INDEX ticket_tier_oldest ON ticket (status, updated_at, id);
DROP INDEX ticket_status ON ticket;
