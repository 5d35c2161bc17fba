package org.postdesk.conf;

/**
 * The SMTP listener.
 *
 * @param bind the address to listen on; {@code 0.0.0.0} for all interfaces
 * @param port the TCP port; 2525 by default, 25 in production behind MX, 0 for any free port
 * @param maxMessageSize the largest message accepted (advertised as SIZE in EHLO, 552 past it)
 */
public record SmtpSettings(String bind, Integer port, ByteSize maxMessageSize) {

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
    }

    public static SmtpSettings defaults() {
        return new SmtpSettings(null, null, null);
    }

    public SmtpSettings withBind(String newBind) {
        return new SmtpSettings(newBind, port, maxMessageSize);
    }

    public SmtpSettings withPort(int newPort) {
        return new SmtpSettings(bind, newPort, maxMessageSize);
    }
}
