package org.postdesk.report;

import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.rules.LoadRules;
import org.postdesk.sla.SlaFile;

/** Which hours a report counts, from the conf: the SLA calendar of {@code sla.yml} if it sets one. */
public final class ReportTimeBasis {

    private ReportTimeBasis() {
    }

    public static TimeBasis of(Config config) {
        return new ConfLoader().readOptional(config.confDir().resolve(LoadRules.SLA_FILE), SlaFile.class)
                .map(SlaFile::calendar).map(c -> TimeBasis.businessHours(c.toCalendar()))
                .orElse(TimeBasis.wallClock(config.timezone()));
    }
}
