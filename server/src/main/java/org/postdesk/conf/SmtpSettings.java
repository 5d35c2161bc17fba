package org.postdesk.conf;

import java.time.Duration;

/**
 * The SMTP listener. It faces the open internet: the limits below bound what one client can take.
 *
 * @param bind the address to listen on; {@code 0.0.0.0} for all interfaces
 * @param port the TCP port; 2525 by default, 25 in production behind MX, 0 for any free port
 * @param maxMessageSize the largest message accepted (advertised as SIZE in EHLO, 552 past it)
 * @param maxRecipients the most recipients one message may have; more get {@code 452 4.5.3} (default 50)
 * @param maxConnectionsPerIp the most connections open at once from one IP address; more get
 *     {@code 421 4.7.0} (default 20; 0 for no limit)
 * @param maxMessagesPerIpPerMinute the most messages (MAIL FROM) one IP address may start in any 60
 *     seconds; more get {@code 451 4.7.1} until the minute has passed (default 600; 0 for no limit)
 * @param idleTimeout how long the server waits for a client's next line or data before closing
 *     (default 5m, RFC 5321 §4.5.3.2.7)
 * @param sessionTimeout the longest one connection may last however busy it is, so a client trickling a
 *     byte now and then cannot hold a connection for ever; it is then answered {@code 421 4.4.2} and
 *     closed (default 10m)
 * @param tls STARTTLS and whether AUTH requires it
 */
public record SmtpSettings(String bind, Integer port, ByteSize maxMessageSize, Integer maxRecipients,
        Integer maxConnectionsPerIp, Integer maxMessagesPerIpPerMinute, Duration idleTimeout,
        Duration sessionTimeout, TlsSettings tls) {

    public SmtpSettings {
        bind = bind == null || bind.isBlank() ? "0.0.0.0" : bind.strip();
        port = port == null ? 2525 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        maxMessageSize = maxMessageSize == null ? ByteSize.parse("25MB") : maxMessageSize;
        if (maxMessageSize.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize.bytes()
                    + " bytes is larger than the 2GB an SMTP listener can take");
        }
        maxRecipients = maxRecipients == null ? 50 : maxRecipients;
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients " + maxRecipients + " must be at least 1");
        }
        maxConnectionsPerIp = atLeastZero("maxConnectionsPerIp", maxConnectionsPerIp, 20);
        maxMessagesPerIpPerMinute = atLeastZero("maxMessagesPerIpPerMinute", maxMessagesPerIpPerMinute, 600);
        idleTimeout = positive("idleTimeout", idleTimeout, Duration.ofMinutes(5));
        sessionTimeout = positive("sessionTimeout", sessionTimeout, Duration.ofMinutes(10));
        if (idleTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout + " is too long; at most 24d");
        }
        tls = tls == null ? TlsSettings.none() : tls;
    }

    /** The listener with the default limits and no TLS. */
    public SmtpSettings(String bind, Integer port, ByteSize maxMessageSize) {
        this(bind, port, maxMessageSize, null, null, null, null, null, null);
    }

    public static SmtpSettings defaults() {
        return new SmtpSettings(null, null, null);
    }

    public SmtpSettings withBind(String newBind) {
        return new SmtpSettings(newBind, port, maxMessageSize, maxRecipients, maxConnectionsPerIp,
                maxMessagesPerIpPerMinute, idleTimeout, sessionTimeout, tls);
    }

    public SmtpSettings withPort(int newPort) {
        return new SmtpSettings(bind, newPort, maxMessageSize, maxRecipients, maxConnectionsPerIp,
                maxMessagesPerIpPerMinute, idleTimeout, sessionTimeout, tls);
    }

    public SmtpSettings withMaxMessageSize(ByteSize newMaxMessageSize) {
        return new SmtpSettings(bind, port, newMaxMessageSize, maxRecipients, maxConnectionsPerIp,
                maxMessagesPerIpPerMinute, idleTimeout, sessionTimeout, tls);
    }

    public SmtpSettings withTls(TlsSettings newTls) {
        return new SmtpSettings(bind, port, maxMessageSize, maxRecipients, maxConnectionsPerIp,
                maxMessagesPerIpPerMinute, idleTimeout, sessionTimeout, newTls);
    }

    /** These settings with other limits; the address, port, size and TLS stay. */
    public SmtpSettings withLimits(int newMaxRecipients, int newMaxConnectionsPerIp, int newMaxMessagesPerIpPerMinute,
            Duration newIdleTimeout, Duration newSessionTimeout) {
        return new SmtpSettings(bind, port, maxMessageSize, newMaxRecipients, newMaxConnectionsPerIp,
                newMaxMessagesPerIpPerMinute, newIdleTimeout, newSessionTimeout, tls);
    }

    private static int atLeastZero(String key, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 0) {
            throw new IllegalArgumentException(key + " " + v + " must be 0 (no limit) or more");
        }
        return v;
    }

    private static Duration positive(String key, Duration value, Duration fallback) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " " + d + " must be longer than zero");
        }
        return d;
    }
}
