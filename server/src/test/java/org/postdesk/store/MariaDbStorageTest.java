package org.postdesk.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import org.postdesk.testing.TestDatabase;

/** The storage contract on MariaDB, when {@code POSTDESK_TEST_DB_URL} names one (CI always does). */
class MariaDbStorageTest implements StorageContract {

    private final Fixture fixture = new Fixture();

    @BeforeAll
    static void requireMariaDb() {
        assumeTrue(TestDatabase.available().contains(TestDatabase.MARIADB),
                "SKIPPED LOUDLY: POSTDESK_TEST_DB_URL is not set, so the storage contract did NOT run on MariaDB."
                        + " .ci/run sets it; locally: export POSTDESK_TEST_DB_URL=jdbc:mariadb://127.0.0.1:3306/x?user=root");
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
