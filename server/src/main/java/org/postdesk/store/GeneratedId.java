package org.postdesk.store;

/** Receives the key the database generated for an inserted row. */
public final class GeneratedId {

    private Long value;

    public Long getValue() {
        return value;
    }

    public void setValue(Long value) {
        this.value = value;
    }

    public long get() {
        if (value == null) {
            throw new IllegalStateException("the database returned no generated key");
        }
        return value;
    }
}
