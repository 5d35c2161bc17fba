package org.postdesk.intake;

import java.io.IOException;

/** A message grew past the configured maximum size while it was being received. */
public final class MessageTooLarge extends IOException {

    private final long limit;

    public MessageTooLarge(long limit) {
        super("message exceeds the maximum size of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
