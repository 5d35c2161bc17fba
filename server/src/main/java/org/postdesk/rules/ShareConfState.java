package org.postdesk.rules;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.store.ConfStateMapper;
import org.postdesk.store.ConfStateMapper.ConfStateRow;
import org.postdesk.store.Database;

/**
 * Puts this instance's conf state in the database whenever it changes, so that {@code postdesk status},
 * another process, shows a refused edit and the settings that wait for a restart: the log alone is easy
 * to miss, and with several instances each may have seen the edit at a different moment.
 */
public final class ShareConfState {

    private static final Logger LOG = LoggerFactory.getLogger(ShareConfState.class);
    /** The column width: a long refusal is cut, its file and line come first. */
    private static final int MAX = 4000;

    private final Database db;
    private final Clock clock;
    private final String instanceId;
    private Optional<ConfStateRow> written = Optional.empty();

    public ShareConfState(Database db, Clock clock, String instanceId) {
        this.db = db;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /** Writes the state of {@code rules} if it differs from what was written last; an outage retries later. */
    public synchronized void share(Rules rules) {
        String refused = rules.lastError().map(ShareConfState::cut).orElse(null);
        List<String> pending = rules.restartPending();
        String restart = pending.isEmpty() ? null : cut(String.join("\n", pending));
        if (written.isPresent() && Objects.equals(written.get().refused(), refused)
                && Objects.equals(written.get().restartPending(), restart)) {
            return;
        }
        ConfStateRow row = new ConfStateRow(instanceId, clock.instant(), refused, restart);
        try {
            db.inTransaction(s -> {
                ConfStateMapper states = s.getMapper(ConfStateMapper.class);
                if (states.update(row) == 0) {
                    states.insert(row);
                }
                return null;
            });
            written = Optional.of(row);
        } catch (RuntimeException e) {
            LOG.warn("stage=rules: cannot record the conf state for postdesk status: {}", e.getMessage());
        }
    }

    /** A cleanly stopped instance's state goes with it. */
    public void leave() {
        db.inTransaction(s -> {
            s.getMapper(ConfStateMapper.class).leave(instanceId);
            return null;
        });
    }

    private static String cut(String text) {
        return text.length() > MAX ? text.substring(0, MAX - 1) + "…" : text;
    }
}
