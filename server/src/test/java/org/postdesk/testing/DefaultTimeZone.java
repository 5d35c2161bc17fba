package org.postdesk.testing;

import java.util.TimeZone;

import org.h2.util.DateTimeUtils;

/**
 * The JVM's default time zone set for one test and put back by {@link #close()}. H2 keeps the default
 * zone it saw first in a static field and converts every {@code java.sql.Timestamp} with it, so it is
 * told of both changes: otherwise the zone of one test would stay in H2 for every later test of the JVM.
 */
public final class DefaultTimeZone implements AutoCloseable {

    private final TimeZone before;

    private DefaultTimeZone(TimeZone before) {
        this.before = before;
    }

    public static DefaultTimeZone set(String zone) {
        DefaultTimeZone restore = new DefaultTimeZone(TimeZone.getDefault());
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        DateTimeUtils.resetCalendar();
        return restore;
    }

    @Override
    public void close() {
        TimeZone.setDefault(before);
        DateTimeUtils.resetCalendar();
    }
}
