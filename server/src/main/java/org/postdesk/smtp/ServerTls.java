package org.postdesk.smtp;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.postdesk.conf.TlsSettings;

/** The SSL context STARTTLS uses, from the keystore conf names; every way it can fail says what to fix. */
final class ServerTls {

    private ServerTls() {
    }

    /**
     * @param home the folder holding {@code conf/}, against which a relative keystore path is read
     * @param env where {@code passwordEnv} is looked up
     */
    static SSLContext context(TlsSettings tls, Path home, Map<String, String> env) {
        Path file = home.resolve(tls.keystore()).toAbsolutePath().normalize();
        char[] password = password(tls, env).toCharArray();
        try {
            // PKCS12 is the JDK's default type, and KeyStore.getInstance(File) also reads JKS.
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("smtp.tls.keystore " + file + " cannot be used: " + e.getMessage()
                    + "; it must be a PKCS12 or JKS keystore holding a key and its certificate under that password"
                    + " (postdesk tls selfsigned --out " + file + " makes one for testing)", e);
        }
    }

    private static String password(TlsSettings tls, Map<String, String> env) {
        if (tls.passwordEnv().isEmpty()) {
            return tls.password();
        }
        String value = env.get(tls.passwordEnv());
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("smtp.tls.passwordEnv names " + tls.passwordEnv()
                    + ", but that environment variable is not set");
        }
        return value;
    }
}
