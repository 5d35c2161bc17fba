package org.postdesk.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import org.postdesk.testing.TestDatabase;

/** The lifecycle storage contract on MariaDB, when {@code POSTDESK_TEST_DB_URL} names one (CI always does). */
class MariaDbLifecycleTest implements LifecycleStorageContract {

    private final Fixture fixture = new Fixture();

    @BeforeAll
    static void requireMariaDb() {
        assumeTrue(TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the lifecycle contract did NOT run on MariaDB.");
    }

    @Override
    public TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    public Fixture fixture() {
        return fixture;
    }
}
