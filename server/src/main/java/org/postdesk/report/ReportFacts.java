package org.postdesk.report;

import java.time.Instant;
import java.util.List;

import org.postdesk.report.ReportMapper.CloseFact;
import org.postdesk.report.ReportMapper.MessageFact;
import org.postdesk.report.ReportMapper.SurveyFact;
import org.postdesk.report.ReportMapper.TagFact;
import org.postdesk.report.ReportMapper.TicketFact;
import org.postdesk.store.Database;
import org.postdesk.store.SlaMapper.SlaRow;

/**
 * The rows of the report's tickets, read in one transaction so that the figures agree with each other.
 *
 * @param start the first instant of the period
 * @param end the first instant after the period
 */
public record ReportFacts(Instant start, Instant end, List<TicketFact> tickets, List<MessageFact> messages,
        List<CloseFact> closes, List<TagFact> tags, List<SlaRow> slaClocks, List<SurveyFact> surveys) {

    public static ReportFacts load(Database database, ReportRequest request, TimeBasis basis) {
        Instant start = request.start(basis.zone());
        Instant end = request.end(basis.zone());
        String group = request.group();
        String mailbox = request.mailbox();
        return database.inTransaction(s -> {
            ReportMapper m = s.getMapper(ReportMapper.class);
            return new ReportFacts(start, end, m.tickets(start, end, group, mailbox),
                    m.messages(start, end, group, mailbox), m.closes(start, end, group, mailbox),
                    m.tags(start, end, group, mailbox), m.slaClocks(start, end, group, mailbox),
                    m.surveys(start, end, group, mailbox));
        });
    }

    /** Whether the ticket was created within the period. */
    public boolean createdInPeriod(TicketFact t) {
        return !t.createdAt().isBefore(start) && t.createdAt().isBefore(end);
    }
}
