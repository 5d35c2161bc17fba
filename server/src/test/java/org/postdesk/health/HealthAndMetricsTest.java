package org.postdesk.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;
import org.postdesk.conf.DatabaseSettings;
import org.postdesk.testing.MailClient;
import org.postdesk.testing.TestConfigs;
import org.postdesk.testing.TestDatabase;

/** The operators' endpoint over real HTTP: /health follows the database and the relay; /metrics is Prometheus text. */
class HealthAndMetricsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    record Response(int status, String contentType, String body) {

        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    @Test
    void healthGoes503WhenTheDatabaseIsDownAndBackTo200WhenItReturns() throws Exception {
        Path dbDir = data.resolve("h2server");
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dbDir.toString()).start();
        int dbPort = h2.getPort();
        Config config = TestConfigs.demo(data, new DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + dbPort
                + "/postdesk;MODE=MariaDB;DATABASE_TO_LOWER=TRUE", "sa", "", 2));
        try (Postdesk postdesk = Postdesk.open(config, Clock.systemUTC()).start()) {
            int port = postdesk.httpPort().orElseThrow();
            Response up = get(port, "/health");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.contentType()).isEqualTo("application/json");
            assertThat(up.json().path("status").asText()).isEqualTo("up");
            assertThat(up.json().path("checks").path("database").path("status").asText()).isEqualTo("up");

            h2.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health").status() == 503);
            JsonNode down = get(port, "/health").json();
            assertThat(down.path("status").asText()).isEqualTo("down");
            assertThat(down.path("checks").path("database").path("status").asText()).isEqualTo("down");
            assertThat(down.path("checks").path("database").path("detail").asText()).contains("unreachable");

            h2 = Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-ifNotExists", "-baseDir",
                    dbDir.toString()).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health").status() == 200);
            assertThat(get(port, "/health").json().path("checks").path("database").path("status").asText())
                    .isEqualTo("up");
        } finally {
            h2.stop();
        }
    }

    @Test
    void healthChecksTheRelayWithEhloAndSaysWhenItIsDown() throws Exception {
        int relayPort;
        try (ServerSocket free = new ServerSocket(0)) {
            relayPort = free.getLocalPort();
        }
        GreenMail relay = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.withRelay(TestConfigs.demo(data, schema.settings()),
                        relayPort), Clock.systemUTC()).start()) {
            int port = postdesk.httpPort().orElseThrow();
            Response up = get(port, "/health");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.json().path("checks").path("relay").path("detail").asText()).contains("answers EHLO");

            relay.stop();
            Response down = get(port, "/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().path("checks").path("relay").path("status").asText()).isEqualTo("down");
            assertThat(down.json().path("checks").path("database").path("status").asText()).isEqualTo("up");
        } finally {
            relay.stop();
        }
    }

    @Test
    void metricsParseAsPrometheusTextAndCountersMoveAfterAMail() throws Exception {
        try (TestDatabase.Schema schema = TestDatabase.H2.create(data);
                Postdesk postdesk = Postdesk.open(TestConfigs.demo(data, schema.settings()), Clock.systemUTC())
                        .start()) {
            int port = postdesk.httpPort().orElseThrow();
            Response first = get(port, "/metrics");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.contentType()).startsWith("text/plain; version=0.0.4");
            PrometheusText before = PrometheusText.parse(first.body());
            assertThat(before.value("postdesk_messages_received_total", Map.of("source", "smtp"))).isZero();
            assertThat(before.type("postdesk_message_processing_seconds")).isEqualTo("histogram");

            MailClient client = new MailClient(postdesk);
            MimeMessage mail = client.message();
            mail.setFrom(new InternetAddress("ann@customer.test"));
            mail.setRecipients(Message.RecipientType.TO, "support@example.com");
            mail.setSubject("Printer on fire");
            mail.setText("It burns.");
            client.send(mail);
            await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.parse(get(port, "/metrics").body())
                    .value("postdesk_deliveries_total", Map.of("result", "sent")) == 3);

            PrometheusText after = PrometheusText.parse(get(port, "/metrics").body());
            assertThat(after.value("postdesk_messages_received_total", Map.of("source", "smtp"))).isEqualTo(1);
            assertThat(after.value("postdesk_tickets_opened_total")).isEqualTo(1);
            assertThat(after.value("postdesk_messages_processed_total", Map.of("outcome", "new"))).isEqualTo(1);
            assertThat(after.value("postdesk_message_processing_seconds_count")).isEqualTo(1);
            assertThat(after.value("postdesk_message_processing_seconds_sum")).isPositive();
            assertThat(after.value("postdesk_delivery_seconds_count")).isEqualTo(3);
            assertThat(after.value("postdesk_delivery_failures_total")).isZero();
            assertThat(after.type("postdesk_outbox_depth")).isEqualTo("gauge");
            assertThat(after.value("postdesk_outbox_depth", Map.of("status", "failed"))).isZero();
            assertThat(after.value("postdesk_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
            assertThat(after.value("postdesk_sla_breaches_total", Map.of("metric", "first-response"))).isZero();
            assertThat(get(port, "/nothing").status()).isEqualTo(404);
        }
    }

    @Test
    void theStrictReaderRefusesWhatIsNotPrometheusText() {
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a counter\na_total 1\na_total 2\n"))
                .hasMessageContaining("repeated");
        assertThatThrownBy(() -> PrometheusText.parse("b 1\n")).hasMessageContaining("no TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE c gauge\nc{x=\"1} 1\n")).hasMessageContaining("not a sample");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                + "h_count 1\nh_sum 1\n")).hasMessageContaining("cumulative");
    }

    private static Response get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
