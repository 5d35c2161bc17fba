package org.postdesk.conf;

import java.util.function.Supplier;

/**
 * The {@link Config} in force, read where it is used rather than captured at construction, so that a
 * conf reload reaches every part of a running server: a new mailbox accepts mail, a removed agent loses
 * agent rights, a changed cap counts at the next assignment. {@code () -> config} is a fixed one.
 */
@FunctionalInterface
public interface LiveConfig extends Supplier<Config> {

    /** The conf in force now; inside {@link #pinned}, the one in force when that work began. */
    @Override
    Config get();

    /**
     * Runs {@code work} under one version of the conf: every {@link #get} on this thread until it returns
     * sees the same one, even if a reload swaps in another meanwhile. A fixed conf needs no pinning.
     */
    default <T> T pinned(Supplier<T> work) {
        return work.get();
    }
}
