package org.postdesk.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.postdesk.Postdesk;
import org.postdesk.conf.Agent;
import org.postdesk.conf.Config;
import org.postdesk.conf.Group;
import org.postdesk.intake.Envelope;
import org.postdesk.intake.MessageTooLarge;
import org.postdesk.mail.EmailAddress;
import org.postdesk.pipeline.Outcome;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;

/** Helpers for tests of the admin's rules: conf files in the test's folder, messages through the pipeline. */
public final class RulesFixture {

    private RulesFixture() {
    }

    /** Writes {@code text} as {@code conf/NAME} of the config's conf folder. */
    public static Path writeConf(Config config, String name, String text) {
        try {
            Files.createDirectories(config.confDir());
            return Files.writeString(config.confDir().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config with other groups and agents. */
    public static Config withTeam(Config c, List<Group> groups, List<Agent> agents) {
        return new Config(c.confDir(), c.dataDir(), c.templatesDir(), c.hostname(), c.secret(), c.smtp(), c.database(),
                c.relay(), c.delivery(), c.conversations(), c.mailboxes(), groups, agents, c.timezone(), c.organisations(),
                c.surveys(), c.http(), c.limits());
    }

    /** The config reading templates from {@code dir} (a copy a test may edit). */
    public static Config withTemplates(Config c, Path dir) {
        return new Config(c.confDir(), c.dataDir(), dir, c.hostname(), c.secret(), c.smtp(), c.database(), c.relay(),
                c.delivery(), c.conversations(), c.mailboxes(), c.groups(), c.agents(), c.timezone(), c.organisations(),
                c.surveys(), c.http(), c.limits());
    }

    /** Copies the shipped templates to {@code dir}. */
    public static Path copyTemplates(Path dir) {
        Path shipped = TestConfigs.templates();
        try (var files = Files.walk(shipped)) {
            for (Path p : files.toList()) {
                Path target = dir.resolve(shipped.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A plain customer message to support@example.com. */
    public static String mail(String from, String subject, String body) {
        return mail(from, "support@example.com", subject, body);
    }

    public static String mail(String from, String to, String subject, String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + Math.abs((from + subject + body).hashCode()) + "." + System.nanoTime() + "@test>\r\n"
                + "Date: Tue, 24 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + body
                + "\r\n";
    }

    /** Stores and processes a message as SMTP would, to the envelope recipient {@code to}. */
    public static Outcome deliver(Postdesk postdesk, String raw, EmailAddress to) {
        try {
            long id = postdesk.intake().accept(new Envelope("cli", TestConfigs.SUPPORT, "", List.of(to), "", "test"),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
            Outcome outcome = postdesk.pipeline().process(id);
            if (outcome.failed()) {
                throw new AssertionError("processing failed: " + outcome);
            }
            return outcome;
        } catch (MessageTooLarge e) {
            throw new AssertionError(e);
        }
    }

    public static Outcome deliver(Postdesk postdesk, String raw) {
        return deliver(postdesk, raw, TestConfigs.SUPPORT);
    }

    public static TicketView ticket(Postdesk postdesk, String ref) {
        return new TicketQueries(postdesk.database()).show(TicketId.parse(ref)).orElseThrow();
    }

    /** The ticket's outbox mail kinds and recipients, oldest first, e.g. {@code acknowledgement ann@x}. */
    public static List<String> outbox(Postdesk postdesk, String ref) {
        return postdesk.database().inTransaction(s -> {
            long id = s.getMapper(org.postdesk.store.TicketMapper.class).findByRef(ref).id();
            return s.getMapper(org.postdesk.store.OutboxMapper.class).byTicket(id).stream()
                    .map(r -> r.kind() + " " + r.recipients()).toList();
        });
    }

    public static Optional<TicketView.EventView> event(TicketView t, String type) {
        return t.events().stream().filter(e -> e.type().equals(type)).findFirst();
    }
}
