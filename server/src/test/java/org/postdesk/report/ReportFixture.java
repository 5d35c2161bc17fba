package org.postdesk.report;

import java.nio.file.Path;
import java.time.Clock;

import org.postdesk.store.Database;
import org.postdesk.testing.TestDatabase;

/** {@link ReportDataSet}'s week as a report in business hours, built on H2, for the format tests. */
final class ReportFixture {

    private ReportFixture() {
    }

    static Report week(Path data) {
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Database database = Database.open(schema.settings(), data)) {
            ReportDataSet.write(database);
            return new BuildReport(database, TimeBasis.businessHours(ReportDataSet.CALENDAR), ReportDataSet.AGENTS,
                    Clock.fixed(ReportDataSet.NOW, ReportDataSet.ZONE))
                    .build(new ReportRequest(ReportDataSet.MONDAY, ReportDataSet.SUNDAY, null, null));
        }
    }
}
