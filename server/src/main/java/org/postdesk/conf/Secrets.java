package org.postdesk.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret that signs reply addresses: from conf when set there (several instances must share one),
 * else generated once and kept in {@code data/secret.key}, so a single install needs no setup and a
 * restart keeps every address it handed out valid.
 */
public final class Secrets {

    private Secrets() {
    }

    public static Config withSecret(Config config) {
        if (!config.secret().isEmpty()) {
            if (config.secret().length() < 16) {
                throw new ConfException(config.confDir().resolve(ConfLoader.SERVER_FILE)
                        + ": secret is too short (" + config.secret().length() + " characters); use at least 16,"
                        + " e.g. the output of: openssl rand -hex 32");
            }
            return config;
        }
        Path file = config.dataDir().resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.writeString(file, HexFormat.of().formatHex(key), StandardOpenOption.CREATE_NEW);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process created it first; use theirs
                }
            }
            return config.withSecret(Files.readString(file).strip());
        } catch (IOException e) {
            throw new ConfException("cannot read or create the reply-address secret " + file + ": " + e.getMessage()
                    + "; set 'secret' in " + ConfLoader.SERVER_FILE + " instead", e);
        }
    }
}
