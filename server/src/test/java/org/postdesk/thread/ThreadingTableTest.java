package org.postdesk.thread;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.pipeline.Outcome;
import org.postdesk.store.OutboxMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.MutableClock;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;
import org.postdesk.ticket.Actor;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketStatus;
import org.postdesk.ticket.TicketView;

/**
 * Where each shape of reply lands. Every case starts from SUP-1, opened by ann@customer.test, with
 * bob@partner.test copied, and its acknowledgement sent.
 */
class ThreadingTableTest {

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private TestDatabase.Schema schema;
    private Postdesk postdesk;
    private String ackId;

    @BeforeEach
    void openFirstTicket() {
        schema = TestDatabase.H2.create(data);
        postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), clock);
        Outcome first = Ingest.raw(postdesk, "ann@customer.test", "support@example.com", Ingest.mail(
                "Ann <ann@customer.test>", "support@example.com", "Printer on fire", "first@customer.test",
                "Cc: Bob <bob@partner.test>\r\n", "It burns."));
        assertThat(first.result()).isEqualTo("new");
        ackId = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class).byTicket(1L)).stream()
                .filter(o -> o.kind().equals("acknowledgement")).findFirst().orElseThrow().messageId();
    }

    @AfterEach
    void close() {
        postdesk.close();
        schema.close();
    }

    private Outcome send(String from, String rcpt, String subject, String headers) {
        return Ingest.raw(postdesk, from, rcpt, Ingest.mail(from, rcpt, subject,
                "m" + System.nanoTime() + "@" + from.substring(from.indexOf('@') + 1), headers, "More details."));
    }

    private TicketView ticket(String ref) {
        return new TicketQueries(postdesk.database()).show(TicketId.parse(ref)).orElseThrow();
    }

    @Test
    void tagInSubjectFromTheCustomerJoins() {
        assertThat(send("ann@customer.test", "support@example.com", "Re: [SUP-1] Printer on fire", ""))
                .satisfies(o -> assertThat(o.ticket()).contains("SUP-1"))
                .satisfies(o -> assertThat(o.result()).isEqualTo("reply"));
    }

    @Test
    void mangledPrefixesInManyLanguagesStillJoin() {
        for (String subject : List.of("AW: RE: Fwd: [SUP-1] Printer on fire", "Ответ: [SUP-1] Printer on fire",
                "RES: [SUP-1] Printer on fire", "Re: Re[2]: [sup-1] Printer on fire", "SV: VS: [SUP-1]")) {
            assertThat(send("ann@customer.test", "support@example.com", subject, "").ticket())
                    .as(subject).contains("SUP-1");
        }
    }

    @Test
    void freshMailQuotingTheTagJoins() {
        assertThat(send("ann@customer.test", "support@example.com", "About [SUP-1] again", "").ticket())
                .contains("SUP-1");
    }

    @Test
    void noTagButInReplyToOurAcknowledgementJoins() {
        Outcome o = send("ann@customer.test", "support@example.com", "Re: We received your request",
                "In-Reply-To: <" + ackId + ">\r\n");
        assertThat(o.ticket()).contains("SUP-1");
        assertThat(o.detail()).contains("In-Reply-To/References");
    }

    @Test
    void referencesOnlyJoins() {
        Outcome o = send("carol@elsewhere.test", "support@example.com", "Fwd: printer",
                "References: <unknown@x.test> <first@customer.test> <other@x.test>\r\n");
        assertThat(o.ticket()).contains("SUP-1");
    }

    @Test
    void forgedTagFromAStrangerOpensANewTicketAndSaysWhy() {
        Outcome o = send("mallory@evil.test", "support@example.com", "Re: [SUP-1] Printer on fire", "");
        assertThat(o.result()).isEqualTo("new");
        assertThat(o.ticket()).contains("SUP-2");
        assertThat(ticket("SUP-2").events()).anySatisfy(e -> assertThat(e.detail())
                .contains("subject tag [SUP-1] ignored").contains("mallory@evil.test"));
        assertThat(ticket("SUP-1").messages()).noneMatch(m -> m.from().contains("mallory"));
    }

    @Test
    void copiedColleagueIsAParticipantAndMayUseTheTag() {
        assertThat(ticket("SUP-1").participants()).containsExactly("bob@partner.test");
        assertThat(send("bob@partner.test", "support@example.com", "Re: [SUP-1] Printer on fire", "").ticket())
                .contains("SUP-1");
    }

    @Test
    void signedAddressWithAValidTokenJoinsWithoutAnyTag() {
        String signed = signedFor("ann@customer.test");
        Outcome o = send("ann@customer.test", signed, "completely different subject", "");
        assertThat(o.ticket()).contains("SUP-1");
        assertThat(o.detail()).contains("signed reply address");
    }

    @Test
    void signedAddressWithABadTokenIsNotTrusted() {
        String forged = "support+sup-1-aaaaaaaaaaaa@example.com";
        Outcome o = send("mallory@evil.test", forged, "hello", "");
        assertThat(o.result()).isEqualTo("new");
        assertThat(ticket(o.ticket().get()).events()).anySatisfy(e -> assertThat(e.detail()).contains("bad token"));
        // a valid token minted for Ann does not let Mallory in either
        Outcome stolen = send("mallory@evil.test", signedFor("ann@customer.test"), "hello again", "");
        assertThat(stolen.ticket()).isNotEqualTo(java.util.Optional.of("SUP-1"));
    }

    @Test
    void replyToAClosedTicketReopensIt() {
        close("SUP-1");
        clock.advance(Duration.ofDays(3));
        Outcome o = send("ann@customer.test", "support@example.com", "Re: [SUP-1] Printer on fire", "");
        assertThat(o.ticket()).contains("SUP-1");
        assertThat(ticket("SUP-1").status()).isEqualTo("open");
    }

    @Test
    void replyAfterTheReopenWindowOpensALinkedTicket() {
        close("SUP-1");
        clock.advance(Duration.ofDays(15));
        Outcome o = send("ann@customer.test", "support@example.com", "Re: [SUP-1] Printer on fire", "");
        assertThat(o.result()).isEqualTo("new");
        assertThat(o.ticket()).contains("SUP-2");
        assertThat(ticket("SUP-2").followUpOf()).isEqualTo("SUP-1");
        assertThat(ticket("SUP-1").status()).isEqualTo("closed");
        assertThat(ticket("SUP-1").events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("follow-up"));
    }

    @Test
    void unknownMailOpensANewTicket() {
        Outcome o = send("dave@customer.test", "support@example.com", "New problem", "");
        assertThat(o.result()).isEqualTo("new");
        assertThat(o.ticket()).contains("SUP-2");
    }

    private String signedFor(String person) {
        return new ReplyAddress(postdesk.config().secret()).sign(TestConfigs.SUPPORT, TicketId.parse("SUP-1"),
                org.postdesk.mail.EmailAddress.of(person)).value();
    }

    private void close(String ref) {
        postdesk.database().inTransaction(s -> {
            postdesk.lifecycle().changes().setStatus(s, s.getMapper(TicketMapper.class).findByRef(ref),
                    TicketStatus.CLOSED, Actor.system(), "test");
            return null;
        });
    }
}
