package org.postdesk.store;

import org.postdesk.testing.TestDatabase;

/** The lifecycle storage contract on the embedded H2 database. */
class H2LifecycleTest implements LifecycleStorageContract {

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
