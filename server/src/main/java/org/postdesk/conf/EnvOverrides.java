package org.postdesk.conf;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code POSTDESK_*} environment variables that override conf, for containers and tests.
 * A bad value is an error naming the variable, like a bad conf line.
 */
final class EnvOverrides {

    private EnvOverrides() {
    }

    static Config apply(Config config, Map<String, String> env) {
        Config c = config;
        if (has(env, "POSTDESK_DATA")) {
            c = c.withDataDir(Path.of(env.get("POSTDESK_DATA")).toAbsolutePath().normalize());
        }
        if (has(env, "POSTDESK_SMTP_PORT")) {
            c = c.withSmtp(c.smtp().withPort(port(env, "POSTDESK_SMTP_PORT")));
        }
        if (has(env, "POSTDESK_SMTP_BIND")) {
            c = c.withSmtp(c.smtp().withBind(env.get("POSTDESK_SMTP_BIND")));
        }
        if (has(env, "POSTDESK_HTTP_PORT")) {
            c = c.withHttp(c.http().withPort(port(env, "POSTDESK_HTTP_PORT")));
        }
        if (env.containsKey("POSTDESK_RELAY_HOST")) {
            c = c.withRelay(c.relay().withHost(env.get("POSTDESK_RELAY_HOST")));
        }
        if (has(env, "POSTDESK_RELAY_PORT")) {
            c = c.withRelay(c.relay().withPort(port(env, "POSTDESK_RELAY_PORT")));
        }
        if (env.containsKey("POSTDESK_DB_URL")) {
            DatabaseSettings db = c.database();
            c = c.withDatabase(wrap("POSTDESK_DB_URL", () -> db.withUrl(env.get("POSTDESK_DB_URL"))));
        }
        if (env.containsKey("POSTDESK_DB_USER")) {
            c = c.withDatabase(c.database().withUser(env.get("POSTDESK_DB_USER")));
        }
        if (env.containsKey("POSTDESK_DB_PASSWORD")) {
            c = c.withDatabase(c.database().withPassword(env.get("POSTDESK_DB_PASSWORD")));
        }
        return c;
    }

    private static boolean has(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    private static int port(Map<String, String> env, String name) {
        String value = env.get(name).strip();
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfException("environment variable " + name + "='" + value + "' is not a port number 0-65535");
    }

    private static <T> T wrap(String name, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfException("environment variable " + name + ": " + e.getMessage(), e);
        }
    }
}
