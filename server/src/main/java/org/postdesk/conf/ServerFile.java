package org.postdesk.conf;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The contents of {@code conf/postdesk.yml}.
 *
 * @param hostname the name this server gives itself in SMTP greetings and Message-IDs
 * @param data the data folder (database, blobs, outbox files), relative to the Postdesk home
 * @param templates the templates folder, relative to the Postdesk home
 * @param secret the key signing reply addresses; empty to generate one under the data folder.
 *     Several instances on one database must share it.
 * @param smtp the SMTP listener
 * @param database the database
 * @param relay the outgoing relay
 * @param delivery outbox delivery timing
 * @param conversations threading and agent-proof settings
 * @param timezone the IANA time zone ({@code Europe/Lisbon}) in which agents' times are read and shown:
 *     {@code #snooze 2026-12-01 09:00}, task due dates; default UTC
 * @param surveys satisfaction surveys by mail after a ticket closes
 * @param http the HTTP endpoint of /health and /metrics
 * @param limits limits on automatic mail, sender floods and bounced addresses
 */
record ServerFile(String hostname, String data, String templates, String secret, SmtpSettings smtp,
        DatabaseSettings database, RelaySettings relay, DeliverySettings delivery,
        ConversationSettings conversations, ZoneId timezone, SurveySettings surveys, HttpSettings http,
        LimitsSettings limits) {

    ServerFile {
        hostname = hostname == null || hostname.isBlank() ? "localhost" : hostname.strip();
        data = data == null || data.isBlank() ? "data" : data.strip();
        templates = templates == null || templates.isBlank() ? "templates" : templates.strip();
        secret = secret == null ? "" : secret.strip();
        smtp = smtp == null ? SmtpSettings.defaults() : smtp;
        database = database == null ? DatabaseSettings.defaults() : database;
        relay = relay == null ? RelaySettings.defaults() : relay;
        delivery = delivery == null ? DeliverySettings.defaults() : delivery;
        conversations = conversations == null ? ConversationSettings.defaults() : conversations;
        timezone = timezone == null ? ZoneId.of("UTC") : timezone;
        surveys = surveys == null ? SurveySettings.defaults() : surveys;
        http = http == null ? HttpSettings.defaults() : http;
        limits = limits == null ? LimitsSettings.defaults() : limits;
    }

    /** Reads a time zone as conf writes it; used by the YAML reader, so a bad one is reported at its line. */
    static ZoneId zone(String name) {
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not a time zone; use an IANA name such as"
                    + " Europe/Lisbon, America/Sao_Paulo or UTC");
        }
    }
}
