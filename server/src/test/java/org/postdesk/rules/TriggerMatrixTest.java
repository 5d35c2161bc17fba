package org.postdesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.outbox;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketChanges;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.ticket.TicketView;
import org.postdesk.timer.Timers;

/** Each condition and each action of triggers.yml at least once, all/any/not, the order of triggers, and stop. */
class TriggerMatrixTest {

    /** Tuesday 2026-11-24 10:00 UTC: inside the 09:00-17:00 UTC calendar of the test's sla.yml. */
    static final Instant TUESDAY_MORNING = Instant.parse("2026-11-24T10:00:00Z");

    static final String TRIGGERS = """
            triggers:
              - name: acknowledge
                when: ticket-created
                if: { not: { from: "@robots.test" } }
                then:
                  - mailCustomer: acknowledgement
              - name: mailbox
                when: ticket-created
                if: { mailbox: support@example.com }
                then: [ { tag: c-mailbox } ]
              - name: sender address
                when: ticket-created
                if: { from: vip@big.test }
                then:
                  - assign: { agent: bob@example.com }
                  - tag: c-from-address
                  - mailAgents: { template: vip-alert, to: assignee }
              - name: sender domain
                when: ticket-created
                if: { from: "@big.test" }
                then:
                  - group: billing
                  - tag: c-from-domain
              - name: subject words
                when: [ticket-created, customer-replied]
                if: { subject: { words: [urgent, asap] } }
                then:
                  - priority: high
                  - tag: c-subject
              - name: body regex
                when: ticket-created
                if: { body: { regex: 'order #\\d{4}\\b' } }
                then: [ { tag: [c-body, order] } ]
              - name: priority seen after an earlier trigger
                when: ticket-created
                if: { priority: high }
                then: [ { tag: c-priority } ]
              - name: tag seen after an earlier trigger
                when: ticket-created
                if: { tag: c-subject }
                then: [ { tag: c-tag }, { untag: order } ]
              - name: status
                when: ticket-created
                if: { status: [new] }
                then: [ { tag: c-status } ]
              - name: inside hours
                when: ticket-created
                if: { businessHours: true }
                then: [ { tag: c-inside-hours } ]
              - name: outside hours
                when: ticket-created
                if: { businessHours: false }
                then: [ { tag: c-outside-hours } ]
              - name: all any not
                when: ticket-created
                if:
                  all:
                    - any: [ { subject: { words: [printer] } }, { subject: { words: [scanner] } } ]
                    - not: { tag: c-from-domain }
                then: [ { tag: c-combined } ]
              - name: stopper
                when: ticket-created
                if: { subject: { words: [stop] } }
                then:
                  - note: stopped here
                  - stop: true
              - name: after stopper
                when: ticket-created
                then: [ { tag: c-after-stopper } ]
              - name: reply
                when: customer-replied
                then: [ { tag: e-customer-replied } ]
              - name: status change
                when: status-changed
                if: { status: open }
                then: [ { tag: e-status-changed }, { status: new } ]
              - name: idle
                when: time-passed
                if: { idleFor: 2h, status: [new, open] }
                then:
                  - status: pending
                  - tag: c-idle
            """;

    static final String SLA = """
            calendar:
              timeZone: UTC
              days: [mon, tue, wed, thu, fri]
              hours: ["09:00-17:00"]
            """;

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    private MutableClock clock;

    @BeforeEach
    void start() throws Exception {
        schema = TestDatabase.H2.create(data);
        Path templates = RulesFixture.copyTemplates(data.resolve("templates"));
        Files.writeString(templates.resolve("en/vip-alert.ftl"),
                "Subject: VIP writes: ${ticket.subject}\n\n${agent.name}, ${customer.address} wrote ${ticket.id}.\n");
        Config config = RulesFixture.withTemplates(RulesFixture.withTeam(TestConfigs.demo(data, schema.settings()),
                List.of(new Group("support"), new Group("billing")),
                List.of(new Agent(TestConfigs.AGENT, "Alice Agent", List.of("support")),
                        new Agent(TestConfigs.AGENT2, "Bob Agent", List.of("support", "billing")))), templates);
        RulesFixture.writeConf(config, LoadRules.TRIGGERS_FILE, TRIGGERS);
        RulesFixture.writeConf(config, LoadRules.SLA_FILE, SLA);
        clock = new MutableClock(TUESDAY_MORNING);
        postdesk = Postdesk.open(config, clock);
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @Test
    void plainMailMatchesMailboxStatusAndHoursOnly() {
        deliver(postdesk, mail("ann@customer.test", "Question", "How do I log in?"));
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.tags()).containsExactlyInAnyOrder("c-mailbox", "c-status", "c-inside-hours", "c-after-stopper");
        assertThat(t.priority()).isEqualTo("normal");
        assertThat(outbox(postdesk, "SUP-1")).first().isEqualTo("acknowledgement ann@customer.test");
    }

    @Test
    void senderAddressAssignsTagsAndMailsTheAssignee() {
        deliver(postdesk, mail("VIP <vip@big.test>", "Invoice", "Where is my invoice?"));
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.assignee()).isEqualTo("bob@example.com");
        assertThat(t.group()).as("sender domain moved it").isEqualTo("billing");
        assertThat(t.tags()).contains("c-from-address", "c-from-domain");
        assertThat(outbox(postdesk, "SUP-1")).contains("vip-alert bob@example.com");
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("assigned");
            assertThat(e.actor()).isEqualTo("rule:sender address");
            assertThat(e.via()).isEqualTo("rule");
        });
    }

    @Test
    void domainMatchesSubdomainsButNotLookalikes() {
        deliver(postdesk, mail("carl@eu.big.test", "Hello", "Hi"));
        deliver(postdesk, mail("dora@notbig.test", "Hello", "Hi"));
        assertThat(ticket(postdesk, "SUP-1").tags()).contains("c-from-domain");
        assertThat(ticket(postdesk, "SUP-2").tags()).doesNotContain("c-from-domain");
    }

    @Test
    void subjectWordsRaisePriorityAndLaterTriggersSeeIt() {
        deliver(postdesk, mail("ann@customer.test", "URGENT: printer down", "order #1234 is stuck"));
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.priority()).isEqualTo("high");
        assertThat(t.tags()).contains("c-subject", "c-priority", "c-tag", "c-body", "c-combined")
                .as("untagged by a later trigger").doesNotContain("order");
    }

    @Test
    void wordsAreWholeWordsAndRegexNeedsItsShape() {
        deliver(postdesk, mail("ann@customer.test", "Urgently printing", "order #12345"));
        assertThat(ticket(postdesk, "SUP-1").tags()).doesNotContain("c-subject", "c-body");
    }

    @Test
    void notInsideAllExcludesAndAnyIncludes() {
        deliver(postdesk, mail("ann@big.test", "scanner jam", "jammed"));
        deliver(postdesk, mail("ann@customer.test", "scanner jam", "jammed"));
        assertThat(ticket(postdesk, "SUP-1").tags()).doesNotContain("c-combined");
        assertThat(ticket(postdesk, "SUP-2").tags()).contains("c-combined");
    }

    @Test
    void notOnTheSenderSwitchesTheAcknowledgementOff() {
        deliver(postdesk, mail("bot@robots.test", "Report", "numbers"));
        assertThat(outbox(postdesk, "SUP-1")).noneMatch(m -> m.startsWith("acknowledgement"));
    }

    @Test
    void stopEndsTheRunAfterItsOwnActions() {
        deliver(postdesk, mail("ann@customer.test", "please stop", "x"));
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.tags()).doesNotContain("c-after-stopper");
        assertThat(t.messages()).anySatisfy(m -> {
            assertThat(m.kind()).isEqualTo("note");
            assertThat(m.text()).isEqualTo("stopped here");
        });
    }

    @Test
    void outsideBusinessHoursIsSeenOnASaturday() {
        clock.set(Instant.parse("2026-11-28T10:00:00Z"));
        deliver(postdesk, mail("ann@customer.test", "Weekend", "x"));
        assertThat(ticket(postdesk, "SUP-1").tags()).contains("c-outside-hours").doesNotContain("c-inside-hours");
    }

    @Test
    void customerReplyAndStatusChangeEventsRunTheirTriggers() {
        deliver(postdesk, mail("ann@customer.test", "First", "x"));
        postdesk.database().inTransaction(s -> {
            new TicketChanges(postdesk.rules(), clock, new Timers(clock)).setStatus(s, s.getMapper(TicketMapper.class).findByRef("SUP-1"),
                    TicketStatus.PENDING, new Actor("agent@example.com", "cli"), "test");
            return null;
        });
        deliver(postdesk, mail("ann@customer.test", "Re: [SUP-1] First asap", "more"));
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.tags()).contains("e-customer-replied", "e-status-changed", "c-subject");
        assertThat(t.priority()).as("subject words on customer-replied").isEqualTo("high");
        assertThat(t.status()).as("set by the status-change trigger").isEqualTo("new");
    }

    @Test
    void timePassedRunsOncePerIdleSpell() {
        deliver(postdesk, mail("ann@customer.test", "Idle", "x"));
        clock.advance(Duration.ofHours(1));
        postdesk.fireDue();
        assertThat(ticket(postdesk, "SUP-1").tags()).doesNotContain("c-idle");

        clock.advance(Duration.ofHours(2));
        assertThat(postdesk.fireDue()).isEqualTo(1);
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.tags()).contains("c-idle");
        assertThat(t.status()).isEqualTo("pending");

        clock.advance(Duration.ofHours(3));
        assertThat(postdesk.fireDue()).as("pending now: the condition no longer holds").isZero();
    }

    @Test
    void theAcknowledgementKeepsItsThreadingAndAutoSubmitted() throws Exception {
        deliver(postdesk, mail("ann@customer.test", "Threads", "x"));
        byte[] raw = postdesk.database().inTransaction(s -> s.getMapper(org.postdesk.store.OutboxMapper.class)
                .byTicket(s.getMapper(TicketMapper.class).findByRef("SUP-1").id()).get(0).raw());
        String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("Auto-Submitted: auto-replied").contains("In-Reply-To: <")
                .contains("Subject: [SUP-1] ").containsPattern("Reply-To: .*support\\+sup-1-");
    }

    @Test
    void everyActionIsAuditedAsTheRule() {
        deliver(postdesk, mail("VIP <vip@big.test>", "urgent", "x"));
        assertThat(ticket(postdesk, "SUP-1").events())
                .filteredOn(e -> e.via().equals("rule"))
                .extracting(TicketView.EventView::actor)
                .contains("rule:sender address", "rule:sender domain", "rule:subject words");
    }
}
