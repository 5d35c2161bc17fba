package org.postdesk.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS12 keystore with a fresh key and a self-signed certificate, for trying STARTTLS out and for tests.
 * The JDK's own keytool writes it: certificates are ASN.1 that is easy to get subtly wrong by hand, and
 * keytool ships with every Java runtime Postdesk runs on.
 */
public final class SelfSignedKeystore {

    private SelfSignedKeystore() {
    }

    /**
     * Writes the keystore to {@code out}, which must not exist yet (keytool would add to a store there).
     *
     * @param hostname the certificate's subject and DNS name
     * @param days how long the certificate is valid
     */
    public static void create(Path out, String hostname, String password, int days) throws IOException {
        if (Files.exists(out)) {
            throw new IOException(out + " already exists; choose another file or remove it first");
        }
        if (password.length() < 6) {
            throw new IOException("the keystore password must be at least 6 characters (keytool's rule)");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // EC P-256: generated in milliseconds, where RSA 2048 takes a noticeable moment on a busy machine.
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "postdesk",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + hostname.replace(",", "\\,"), "-ext", "SAN=dns:" + hostname,
                "-validity", String.valueOf(days), "-storetype", "PKCS12", "-keystore", out.toString(),
                "-storepass", password, "-keypass", password);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (process.exitValue() != 0 || !Files.exists(out)) {
            throw new IOException("keytool (" + keytool + ") failed with exit code " + process.exitValue() + ": "
                    + said);
        }
    }
}
