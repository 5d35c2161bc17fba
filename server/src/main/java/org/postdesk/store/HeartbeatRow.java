package org.postdesk.store;

import java.time.Instant;

/** A row of {@code instance_heartbeat}: a running Postdesk instance and where it listens. */
public record HeartbeatRow(String instanceId, String host, Integer smtpPort, Integer httpPort, Instant startedAt,
        Instant seenAt) {
}
