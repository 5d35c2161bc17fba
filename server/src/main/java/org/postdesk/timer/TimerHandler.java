package org.postdesk.timer;

import org.apache.ibatis.session.SqlSession;

import org.postdesk.store.TimerRow;

/**
 * What happens when a timer of one kind falls due. Runs in the transaction that marks the timer
 * fired, so its changes and its mail happen exactly when the timer counts as fired. Throwing rolls
 * both back; the timer is then tried again later.
 */
public interface TimerHandler {

    /** The kind of timer this handles, e.g. {@code snooze}. */
    String kind();

    void fire(SqlSession session, TimerRow timer);
}
