package org.postdesk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postdesk.testing.RulesFixture.deliver;
import static org.postdesk.testing.RulesFixture.mail;
import static org.postdesk.testing.RulesFixture.outbox;
import static org.postdesk.testing.RulesFixture.ticket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.thread.ReplyAddress;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketView;

/** An agent's reply by mail with {@code #canned NAME}: relayed with the response in place, or refused. */
class CannedReplyTest {

    @TempDir
    Path data;

    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    private EmailAddress signed;

    @BeforeEach
    void start() {
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC());
        deliver(postdesk, mail("Ann Customer <ann@customer.test>", "Refund please", "I want my money back."));
        signed = new ReplyAddress(postdesk.config().secret()).sign(TestConfigs.SUPPORT, TicketId.parse("SUP-1"),
                TestConfigs.AGENT);
    }

    @AfterEach
    void stop() {
        postdesk.close();
        schema.close();
    }

    @Test
    void theCannedResponseIsRenderedWhereTheLineWas() {
        deliver(postdesk, mail("Alice Agent <agent@example.com>", signed.value(), "Re: [SUP-1] Refund please",
                "Sorry to hear that.\r\n#canned refund-policy\r\nAlice"), signed);
        String relayed = raw("agent-reply");
        assertThat(relayed.replace("\r\n", "\n")).contains("Sorry to hear that.\nHello,\n\nYou can ask for a refund")
                .contains("Your request is ticket SUP-1.\nAlice").doesNotContain("#canned");
    }

    @Test
    void cannedAfterCommandsFillsInAndTheCommandsRun() {
        deliver(postdesk, mail("Alice Agent <agent@example.com>", signed.value(), "Re: [SUP-1] Refund please",
                "#priority high\r\n#canned refund-policy\r\nAlice"), signed);
        assertThat(ticket(postdesk, "SUP-1").priority()).isEqualTo("high");
        assertThat(raw("agent-reply").replace("\r\n", "\n")).contains("Hello,\n\nYou can ask for a refund")
                .doesNotContain("#priority").doesNotContain("#canned");
    }

    @Test
    void anUnknownNameChangesNothingRelaysNothingAndTellsTheAgentWhichLine() {
        deliver(postdesk, mail("Alice Agent <agent@example.com>", signed.value(), "Re: [SUP-1] Refund please",
                "#priority high\r\nHi,\r\n#canned refund-polcy\r\n"), signed);
        assertThat(outbox(postdesk, "SUP-1")).noneMatch(m -> m.startsWith("agent-reply"))
                .contains("command-error agent@example.com");
        assertThat(raw("command-error")).contains("line 3, #canned refund-polcy")
                .contains("no canned response 'refund-polcy'; there are [refund-policy]");
        TicketView t = ticket(postdesk, "SUP-1");
        assertThat(t.priority()).as("all or nothing").isEqualTo("normal");
        assertThat(t.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("commands-refused"));
    }

    private String raw(String kind) {
        List<byte[]> found = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class)
                .byTicket(s.getMapper(TicketMapper.class).findByRef("SUP-1").id()).stream()
                .filter(r -> r.kind().equals(kind)).map(r -> r.raw()).toList());
        assertThat(found).as(kind).hasSize(1);
        return new String(found.get(0), StandardCharsets.UTF_8);
    }
}
