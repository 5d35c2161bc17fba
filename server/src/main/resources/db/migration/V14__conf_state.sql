-- Each running instance's conf as it stands after its last look at conf/: the refusal of an edit that did
-- not check out, and the changed settings that wait for a restart. Read by postdesk status (another process).
CREATE TABLE conf_state (
    instance_id     VARCHAR(100) NOT NULL PRIMARY KEY,
    checked_at      TIMESTAMP(3) NOT NULL,
    refused         VARCHAR(4000),
    restart_pending VARCHAR(4000)
);
