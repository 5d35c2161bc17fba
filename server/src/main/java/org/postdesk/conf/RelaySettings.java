package org.postdesk.conf;

/**
 * The SMTP relay outgoing mail goes through.
 *
 * @param host the relay host; empty to write outgoing mail as .eml files under {@code data/outbox/}
 * @param port the relay port (default 25)
 * @param username the user to authenticate as; empty for none
 * @param password the password for {@code username}
 * @param starttls whether to require STARTTLS with the relay
 */
public record RelaySettings(String host, Integer port, String username, String password, Boolean starttls) {

    public RelaySettings {
        host = host == null ? "" : host.strip();
        port = port == null ? 25 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        starttls = starttls != null && starttls;
    }

    public static RelaySettings defaults() {
        return new RelaySettings(null, null, null, null, null);
    }

    public boolean configured() {
        return !host.isEmpty();
    }

    public RelaySettings withHost(String newHost) {
        return new RelaySettings(newHost, port, username, password, starttls);
    }

    public RelaySettings withPort(int newPort) {
        return new RelaySettings(host, newPort, username, password, starttls);
    }
}
