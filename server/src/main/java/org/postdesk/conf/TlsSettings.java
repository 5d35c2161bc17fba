package org.postdesk.conf;

/**
 * STARTTLS on the SMTP listener ({@code smtp.tls} in {@code postdesk.yml}). Without a keystore the listener
 * offers no STARTTLS, and then, with {@code requiredForAuth}, no AUTH either.
 *
 * @param keystore a PKCS12 (or JKS) keystore holding the server's key and certificate, relative to the
 *     folder that holds {@code conf/}; empty for no TLS. {@code postdesk tls selfsigned} makes one for testing.
 * @param password the keystore's password (also used for the key)
 * @param passwordEnv the name of an environment variable holding the password instead, so it stays out of conf
 * @param requiredForAuth whether SMTP AUTH is offered and accepted only inside TLS (default true: a password
 *     never crosses the network in clear text)
 */
public record TlsSettings(String keystore, String password, String passwordEnv, Boolean requiredForAuth) {

    public TlsSettings {
        keystore = keystore == null ? "" : keystore.strip();
        password = password == null ? "" : password;
        passwordEnv = passwordEnv == null ? "" : passwordEnv.strip();
        requiredForAuth = requiredForAuth == null || requiredForAuth;
        if (!password.isEmpty() && !passwordEnv.isEmpty()) {
            throw new IllegalArgumentException("give either password or passwordEnv, not both");
        }
        if (!keystore.isEmpty() && password.isEmpty() && passwordEnv.isEmpty()) {
            throw new IllegalArgumentException("keystore '" + keystore + "' needs a password or a passwordEnv"
                    + " naming the environment variable that holds it");
        }
    }

    public static TlsSettings none() {
        return new TlsSettings(null, null, null, null);
    }

    public boolean enabled() {
        return !keystore.isEmpty();
    }
}
