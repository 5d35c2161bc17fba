package org.postdesk.health;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.store.Database;
import org.postdesk.store.HeartbeatMapper;
import org.postdesk.store.HeartbeatRow;

/**
 * This instance's row in {@code instance_heartbeat}: where it listens, written at start and every
 * {@link #EVERY}, removed at a clean stop. {@code postdesk status} (another process) reads it; an instance
 * silent for longer than {@link #SILENT_AFTER} has died or lost the database.
 */
public final class Heartbeat {

    public static final Duration EVERY = Duration.ofSeconds(15);
    public static final Duration SILENT_AFTER = EVERY.multipliedBy(3);
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Database db;
    private final Clock clock;
    private final HeartbeatRow row;

    public Heartbeat(Database db, Clock clock, Integer smtpPort, Integer httpPort) {
        this.db = db;
        this.clock = clock;
        Instant now = clock.instant();
        String id = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.row = new HeartbeatRow(id.length() > 100 ? id.substring(id.length() - 100) : id, host(), smtpPort,
                httpPort, now, now);
    }

    /** Writes the row, or its new time; a database outage is logged and the next beat tries again. */
    public void beat() {
        try {
            db.inTransaction(s -> {
                HeartbeatMapper beats = s.getMapper(HeartbeatMapper.class);
                if (beats.beat(row.instanceId(), clock.instant()) == 0) {
                    beats.insert(new HeartbeatRow(row.instanceId(), row.host(), row.smtpPort(), row.httpPort(),
                            row.startedAt(), clock.instant()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("stage=heartbeat: cannot write this instance's heartbeat: {}", e.getMessage());
        }
    }

    public void leave() {
        db.inTransaction(s -> {
            s.getMapper(HeartbeatMapper.class).leave(row.instanceId());
            return null;
        });
    }

    public String instanceId() {
        return row.instanceId();
    }

    private static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() > 255 ? name.substring(0, 255) : name;
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
