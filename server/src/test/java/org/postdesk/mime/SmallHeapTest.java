package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.postdesk.Postdesk;
import org.postdesk.testing.ChildPostdesk;
import org.postdesk.testing.SmtpData;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/**
 * A 50 MB attachment goes through a server whose whole heap is 128 MB: Postdesk runs in a child JVM with
 * {@code -Xmx128m}, takes the mail over SMTP, stores and parses it streaming, and makes the ticket.
 */
class SmallHeapTest {

    @RegisterExtension
    static final GreenMailExtension RELAY = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path data;

    @Test
    void fiftyMegabyteAttachmentGoesThroughWithA128MegabyteHeap() throws Exception {
        Path log = Path.of("target", "small-heap-child.log").toAbsolutePath();
        Files.deleteIfExists(log);
        byte[] mail = HostileMailTest.built("attachment-50mb");
        long peak;
        try (ChildPostdesk server = ChildPostdesk.start(data, RELAY.getSmtp().getPort(), "128m", log)) {
            assertThat(SmtpData.send(server.smtpPort(), "ann@customer.test", mail).code()).isEqualTo(250);
            // and the server is still well: a small mail after it goes through too
            assertThat(SmtpData.send(server.smtpPort(), "ann@customer.test", ("From: ann@customer.test\r\n"
                    + "Subject: After the big one\r\n\r\nsmall\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .code()).isEqualTo(250);
            server.awaitProcessed();
            peak = server.peakHeapBytes();
        }
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        try (Postdesk look = Postdesk.open(ChildPostdesk.config(data, RELAY.getSmtp().getPort()), Clock.systemUTC())) {
            TicketView ticket = new TicketQueries(look.database()).show(TicketId.parse("SUP-1")).orElseThrow();
            assertThat(ticket.subject()).isEqualTo("Big file");
            List<TicketView.AttachmentView> attachments = ticket.messages().get(0).attachments();
            assertThat(attachments).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("dump.bin");
                assertThat(a.size()).isEqualTo(50L * 1024 * 1024);
            });
            assertThat(new TicketQueries(look.database()).show(TicketId.parse("SUP-2")).orElseThrow().subject())
                    .isEqualTo("After the big one");
        }
        System.out.printf("50 MB attachment at -Xmx128m: peak heap (sum of pool peaks) %d MB%n", peak >> 20);
        assertThat(peak).isLessThan(128L * 1024 * 1024);
    }
}
