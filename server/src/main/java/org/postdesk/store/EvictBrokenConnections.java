package org.postdesk.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the pool to drop a connection the driver says is broken. Hikari evicts on SQLState class 08
 * by itself; H2 reports a lost server as 90067/90121 (SQLNonTransientConnectionException) instead,
 * and without this the pool would hand out dead connections after the database came back.
 */
public final class EvictBrokenConnections implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return e instanceof SQLNonTransientConnectionException ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
