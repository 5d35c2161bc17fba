-- Delivery claims a batch of outbox rows with one UPDATE that writes its claim name into lease_owner,
-- then reads back what it claimed by that name: without this index that read scanned the whole outbox.
CREATE INDEX outbox_by_lease ON outbox (lease_owner);
