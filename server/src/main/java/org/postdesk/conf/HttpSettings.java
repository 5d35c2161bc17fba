package org.postdesk.conf;

/**
 * The HTTP endpoint of {@code /health} and {@code /metrics} ({@code http:} in postdesk.yml).
 *
 * @param enabled whether the endpoint listens (default true)
 * @param bind the address to listen on; {@code 127.0.0.1} by default, as health and metrics are for the
 *     operator's scraper, not the world
 * @param port the TCP port; 8025 by default, 0 for any free port
 */
public record HttpSettings(Boolean enabled, String bind, Integer port) {

    public HttpSettings {
        enabled = enabled == null || enabled;
        bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
        port = port == null ? 8025 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    public static HttpSettings defaults() {
        return new HttpSettings(null, null, null);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(enabled, bind, newPort);
    }
}
