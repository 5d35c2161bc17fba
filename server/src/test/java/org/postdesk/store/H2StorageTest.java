package org.postdesk.store;

import org.postdesk.testing.TestDatabase;

/** The storage contract on the embedded H2 database. */
class H2StorageTest implements StorageContract {

    private final Fixture fixture = new Fixture();

    @Override
    public TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    public Fixture fixture() {
        return fixture;
    }
}
