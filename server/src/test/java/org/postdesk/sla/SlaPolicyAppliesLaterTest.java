package org.postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.rules.LoadRules;
import org.postdesk.store.SlaMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.TicketView;

/**
 * A policy that comes to apply after creation (here: a customer's reply makes the ticket urgent) counts
 * its targets in business hours from that moment, not from the ticket's creation: the promise starts
 * when it is made. Counted from creation, this ticket would be breached the instant it became urgent.
 */
class SlaPolicyAppliesLaterTest {

    static final String SLA = """
            calendar:
              timeZone: UTC
              days: [mon, tue, wed, thu, fri]
              hours: ["09:00-17:00"]
            policies:
              - name: urgent
                priority: urgent
                firstResponse: 4h
                resolution: 16h
            warning:
              before: 1h
              then: [ { tag: sla-warned } ]
            breach:
              then: [ { tag: sla-breached } ]
            """;

    static final String TRIGGERS = """
            triggers:
              - name: outage is urgent
                when: customer-replied
                if: { body: { words: [outage] } }
                then: [ { priority: urgent } ]
            """;

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    /** Wednesday 10:00, in business hours. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @ParameterizedTest
    @MethodSource("org.postdesk.testing.TestDatabase#available")
    void targetsCountFromWhenThePolicyStartsApplyingAcrossTheWeekend(TestDatabase db) {
        schema = db.create(data);
        Config config = TestConfigs.demo(data, schema.settings());
        RulesFixture.writeConf(config, LoadRules.SLA_FILE, SLA);
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, TRIGGERS);
        postdesk = Postdesk.open(config, clock);

        deliver(postdesk, mail("ann@customer.test", "Printer", "It jams now and then."));
        assertThat(clock("first-response")).as("normal priority: no policy, no clock").isNull();

        // Friday 15:00, two days later: the customer reports an outage and the ticket becomes urgent.
        clock.set(Instant.parse("2026-11-27T15:00:00Z"));
        deliver(postdesk, mail("ann@customer.test", "Re: [SUP-1] Printer", "Now it is a full outage."));
        assertThat(ticket(postdesk, "SUP-1").priority()).isEqualTo("urgent");
        // 2 business hours left on Friday, nothing on the weekend, the rest on Monday.
        assertThat(clock("first-response").dueAt()).isEqualTo("2026-11-30T11:00:00Z");
        assertThat(clock("resolution").dueAt()).as("2h Friday, 8h Monday, 6h Tuesday")
                .isEqualTo("2026-12-01T15:00:00Z");
        assertThat(postdesk.fireDue()).as("not breached the moment the policy applies").isZero();

        clock.set(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(postdesk.fireDue()).as("the weekend does not count").isZero();
        clock.set(Instant.parse("2026-11-30T09:59:00Z"));
        assertThat(postdesk.fireDue()).isZero();
        clock.set(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(postdesk.fireDue()).as("the warning, an hour before").isEqualTo(1);
        clock.set(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(postdesk.fireDue()).as("the breach").isEqualTo(1);
        assertThat(postdesk.fireDue()).isZero();

        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.tags()).contains("sla-warned", "sla-breached");
        assertThat(t.events()).filteredOn(e -> e.type().equals("sla-warning")).hasSize(1);
        assertThat(t.events()).filteredOn(e -> e.type().equals("sla-breach")).hasSize(1)
                .allSatisfy(e -> assertThat(e.at()).isEqualTo("2026-11-30T11:00:00Z"));
    }

    private SlaMapper.SlaRow clock(String metric) {
        return postdesk.database().inTransaction(s -> s.getMapper(SlaMapper.class)
                .find(s.getMapper(TicketMapper.class).findByRef("SUP-1").id(), metric));
    }
}
