package org.postdesk.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.LimitsSettings;
import org.postdesk.conf.Mailbox;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.EventMapper;
import org.postdesk.store.TicketMapper;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.RulesFixture;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/**
 * The loop test: two Postdesk instances whose support addresses write to each other, each acknowledging
 * every mail it gets (new tickets and replies), each relaying through an SMTP hop that hands the other's
 * mail straight to it. They exchange a small, exact number of mails and stop, with the shipped limits.
 */
class TwoHelpDesksLoopTest {

    /** What our mail says of itself; a relay that strips it is the worst case the limits must bound. */
    private static final List<String> AUTOMATIC_HEADERS = List.of("auto-submitted", "x-auto-response-suppress",
            "x-postdesk-loop", "precedence");

    @TempDir
    Path data;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void twoHelpDesksAcknowledgingEachOtherExchangeOneMailThenStop() throws Exception {
        Pair pair = start(false);
        pair.kickOff();
        await().atMost(Duration.ofSeconds(30)).until(() -> pair.aToB().forwarded() == 1);
        // Quiet for three seconds on both sides: delivery polls every 100 ms, so any further mail would show.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> pair.aToB().forwarded() == 1 && pair.bToA().forwarded() == 0);
        assertThat(pair.b().events("BBB-1", "mail-skipped")).singleElement().satisfies(d -> assertThat(d)
                .contains("automatic mail, which is never answered"));
    }

    @Test
    void evenThroughRelaysThatStripEveryAutomaticHeaderTheLimitsStopTheLoopAtThreeMailsEachWay()
            throws Exception {
        Pair pair = start(true);
        pair.kickOff();
        await().atMost(Duration.ofSeconds(60)).until(() -> pair.aToB().forwarded() == 3
                && pair.bToA().forwarded() == 3);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> pair.aToB().forwarded() == 3 && pair.bToA().forwarded() == 3);
        assertThat(pair.a().events("AAA-1", "mail-held")).isNotEmpty().allSatisfy(d -> assertThat(d)
                .contains("support@b.test got 3 automatic mails in the last 1h"));
        assertThat(pair.b().events("BBB-1", "mail-held")).isEmpty();
        assertThat(pair.b().events("BBB-1", "reply-relayed")).isEmpty();
    }

    private Pair start(boolean strip) throws Exception {
        Hop toB = new Hop("b.test", strip);
        Hop toA = new Hop("a.test", strip);
        running.add(toB);
        running.add(toA);
        Desk a = desk("a", toB.port());
        Desk b = desk("b", toA.port());
        toB.target(b.postdesk().smtpPort());
        toA.target(a.postdesk().smtpPort());
        return new Pair(a, b, toB, toA);
    }

    /** A help desk at support@NAME.test, tickets NAME×3, answering every customer mail, relaying through a hop. */
    private Desk desk(String name, int relayPort) {
        Path home = data.resolve(name);
        TestDatabase.Schema schema = TestDatabase.H2.create(home);
        running.add(schema);
        Config demo = TestConfigs.withRelay(TestConfigs.demo(home, schema.settings()), relayPort);
        Config config = new Config(demo.confDir(), demo.dataDir(), demo.templatesDir(), name + ".postdesk.test",
                demo.secret(), demo.smtp(), demo.database(), demo.relay(), demo.delivery(), demo.conversations(),
                List.of(new Mailbox(EmailAddress.of("support@" + name + ".test"), name.repeat(3).toUpperCase(),
                        name.toUpperCase() + " Support", "support", "")),
                demo.groups(), demo.agents(), demo.timezone(), demo.organisations(), demo.surveys(), demo.http(),
                LimitsSettings.defaults());
        RulesFixture.writeConf(config, "triggers.yml", """
                triggers:
                  - name: acknowledge every customer mail
                    when: [ticket-created, customer-replied]
                    then:
                      - mailCustomer: acknowledgement
                """);
        Postdesk postdesk = Postdesk.open(config, Clock.systemUTC()).start();
        running.add(postdesk);
        return new Desk(postdesk);
    }

    private record Pair(Desk a, Desk b, Hop aToB, Hop bToA) {

        /** B's support address writes to A once, as a person would. */
        void kickOff() throws MessagingException {
            new MailClient(a.postdesk().smtpPort()).sendRaw("support@b.test", "support@a.test",
                    ("From: B Support <support@b.test>\r\nTo: support@a.test\r\nSubject: Hello from B\r\n"
                            + "Message-ID: <hello-1@b.test>\r\n\r\nCan you check our shared order?\r\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Desk(Postdesk postdesk) {

        List<String> events(String ref, String type) {
            return postdesk.database().inTransaction(s -> s.getMapper(EventMapper.class)
                    .byTicket(s.getMapper(TicketMapper.class).findByRef(ref).id())).stream()
                    .filter(e -> e.type().equals(type)).map(e -> e.detail()).toList();
        }
    }

    /**
     * One SMTP hop: takes what a help desk sends; mail for {@code domain} goes on to the other help desk
     * (with the automatic headers removed when {@code strip}), mail for anyone else (agents) is dropped.
     */
    private static final class Hop implements AutoCloseable {

        private final String domain;
        private final boolean strip;
        private final SMTPServer server;
        private final AtomicInteger forwarded = new AtomicInteger();
        private volatile int target;

        Hop(String domain, boolean strip) {
            this.domain = domain;
            this.strip = strip;
            this.server = SMTPServer.port(0).bindAddress(java.net.InetAddress.getLoopbackAddress())
                    .messageHandlerFactory(this::handler).build();
            server.start();
        }

        int port() {
            return server.getPortAllocated();
        }

        void target(int port) {
            this.target = port;
        }

        int forwarded() {
            return forwarded.get();
        }

        private MessageHandler handler(MessageContext context) {
            return new MessageHandler() {
                private String from = "";
                private final List<String> to = new ArrayList<>();

                @Override
                public void from(String sender) {
                    from = sender;
                }

                @Override
                public void recipient(String recipient) {
                    to.add(recipient);
                }

                @Override
                public String data(InputStream data) throws IOException, RejectException {
                    String raw = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                    for (String recipient : to) {
                        if (!recipient.endsWith("@" + domain)) {
                            continue;
                        }
                        try {
                            new MailClient(target).sendRaw(from, recipient, (strip ? stripped(raw) : raw)
                                    .getBytes(StandardCharsets.UTF_8));
                            forwarded.incrementAndGet();
                        } catch (MessagingException e) {
                            throw new RejectException(451, "4.4.1 next hop: " + e.getMessage());
                        }
                    }
                    return null;
                }

                @Override
                public void done() {
                    // nothing held
                }
            };
        }

        private static String stripped(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            StringBuilder out = new StringBuilder();
            boolean dropping = false;
            for (String line : raw.substring(0, end).split("\r\n")) {
                boolean continuation = line.startsWith(" ") || line.startsWith("\t");
                if (!continuation) {
                    String name = line.contains(":") ? line.substring(0, line.indexOf(':')).toLowerCase() : "";
                    dropping = AUTOMATIC_HEADERS.contains(name);
                }
                if (!dropping) {
                    out.append(line).append("\r\n");
                }
            }
            return out + raw.substring(end + 2);
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
