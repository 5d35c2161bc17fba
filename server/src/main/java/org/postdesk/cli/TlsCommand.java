package org.postdesk.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.postdesk.conf.ConfException;
import org.postdesk.smtp.SelfSignedKeystore;

/** {@code postdesk tls selfsigned}. */
@Command(name = "tls", description = "STARTTLS for the SMTP listener.", subcommands = TlsCommand.SelfSigned.class)
final class TlsCommand {

    @ParentCommand
    PostdeskCommand parent;

    @Command(name = "selfsigned", description = "Make a PKCS12 keystore with a self-signed certificate, for testing"
            + " STARTTLS; prints the smtp.tls lines to put in conf/postdesk.yml. Production wants a certificate"
            + " clients trust.")
    static final class SelfSigned implements Callable<Integer> {

        @ParentCommand
        TlsCommand tls;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: tls.p12 in the conf"
                + " folder). It must not exist yet.")
        Path out;

        @Option(names = "--hostname", paramLabel = "NAME", description = "The certificate's name (default: the"
                + " hostname in conf/postdesk.yml, else localhost).")
        String hostname;

        @Option(names = "--password", paramLabel = "TEXT", description = "The keystore password (default: a random"
                + " one, printed).")
        String password;

        @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Validity in days"
                + " (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() {
            Path confDir = tls.parent.confDir();
            Path file = out != null ? out : confDir.resolve("tls.p12");
            String name = hostname != null ? hostname : confHostname();
            String secret = password != null ? password : HexFormat.of().formatHex(new SecureRandom()
                    .generateSeed(12));
            try {
                SelfSignedKeystore.create(file, name, secret, days);
            } catch (IOException e) {
                throw new PostdeskCommand.UserError("cannot make the keystore: " + e.getMessage());
            }
            Path home = confDir.toAbsolutePath().normalize().getParent();
            Path absolute = file.toAbsolutePath().normalize();
            String shown = home != null && absolute.startsWith(home) ? home.relativize(absolute).toString()
                    : absolute.toString();
            spec.commandLine().getOut().printf("wrote %s: a self-signed certificate for %s, valid %d days%n"
                    + "add to conf/postdesk.yml:%n  smtp:%n    tls:%n      keystore: %s%n      password: \"%s\"%n",
                    absolute, name, days, shown, secret);
            return 0;
        }

        private String confHostname() {
            try {
                return tls.parent.config().hostname();
            } catch (ConfException e) {
                return "localhost";
            }
        }
    }
}
