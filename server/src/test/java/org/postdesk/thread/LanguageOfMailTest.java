package org.postdesk.thread;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.Mailbox;
import org.postdesk.pipeline.Outcome;
import org.postdesk.testing.Ingest;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/** Customers are answered in their language: the mailbox's, else theirs, else English. */
class LanguageOfMailTest {

    @TempDir
    Path data;

    private String acknowledgementTo(Config config, String from, String subject, String headers, String body)
            throws Exception {
        try (Postdesk postdesk = Postdesk.open(config, Clock.systemUTC())) {
            Outcome o = Ingest.raw(postdesk, from, "support@example.com", Ingest.mail(from, "support@example.com",
                    subject, "l" + System.nanoTime() + "@customer.test", headers, body));
            assertThat(o.result()).isEqualTo("new");
            postdesk.delivery().deliverDue();
            try (var files = Files.list(config.dataDir().resolve("outbox"))) {
                for (Path f : files.toList()) {
                    MimeMessage eml;
                    try (var in = Files.newInputStream(f)) {
                        eml = new MimeMessage(Session.getInstance(new Properties()), in);
                    }
                    if ("acknowledgement".equals(eml.getHeader("X-Postdesk-Kind", null))
                            && eml.getSubject().contains("[" + o.ticket().get() + "]")) {
                        return eml.getSubject();
                    }
                }
            }
            throw new AssertionError("no acknowledgement written for " + o);
        }
    }

    @Test
    void russianCustomerIsAnsweredInRussian() throws Exception {
        Config config = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        assertThat(acknowledgementTo(config, "ivan@example.ru", "Не работает принтер", "",
                "Здравствуйте! Принтер не печатает с утра, помогите пожалуйста.")).contains("Ваше обращение получено");
    }

    @Test
    void portugueseCustomerIsAnsweredInPortuguese() throws Exception {
        Config config = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        assertThat(acknowledgementTo(config, "joao@example.com.br", "Pedido atrasado", "",
                "Bom dia, o meu pedido não chegou. Obrigado!")).contains("Recebemos a sua solicitação");
    }

    @Test
    void contentLanguageHeaderWins() throws Exception {
        Config config = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        assertThat(acknowledgementTo(config, "maria@example.com", "Problem", "Content-Language: pt-BR\r\n",
                "Short English text.")).contains("Recebemos");
    }

    @Test
    void languageWithoutTemplatesFallsBackToEnglish() throws Exception {
        Config config = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        assertThat(acknowledgementTo(config, "hans@example.de", "Drucker", "Content-Language: de-DE\r\n",
                "Der Drucker brennt.")).contains("We received your request");
    }

    @Test
    void mailboxLanguageOverridesTheCustomers() throws Exception {
        Config demo = TestConfigs.demo(data, TestDatabase.H2.create(data).settings());
        Mailbox ru = new Mailbox(TestConfigs.SUPPORT, "SUP", "Поддержка", "support", "ru");
        Config config = new Config(demo.confDir(), demo.dataDir(), demo.templatesDir(), demo.hostname(),
                demo.secret(), demo.smtp(), demo.database(), demo.relay(), demo.delivery(), demo.conversations(),
                List.of(ru), demo.groups(), demo.agents(), demo.timezone(), demo.organisations());
        assertThat(acknowledgementTo(config, "ann@customer.test", "Printer", "", "It is on fire."))
                .contains("Ваше обращение получено");
    }
}
