package org.postdesk.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

import org.postdesk.conf.Config;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.SmtpSettings;
import org.postdesk.intake.Intake;
import org.postdesk.pipeline.ProcessQueue;

/**
 * The SMTP listener (SubEthaSMTP): advertises SIZE, accepts mail for the configured mailboxes only, offers
 * STARTTLS when conf names a keystore and AUTH (for agents) only inside TLS, and holds every client to the
 * limits of {@link SmtpSettings}.
 */
public final class SmtpListener implements AutoCloseable {

    private final SMTPServer server;
    private final ClientLimits limits;

    /**
     * @param config the conf at start: the socket and its limits, which need a restart to change
     * @param live the conf in force, for the mailboxes mail is accepted for and the agents who may log in
     */
    public SmtpListener(Config config, LiveConfig live, Intake intake, ProcessQueue processing, Clock clock) {
        this(config, live, intake, processing, clock, System.getenv());
    }

    SmtpListener(Config config, LiveConfig live, Intake intake, ProcessQueue processing, Clock clock,
            Map<String, String> env) {
        SmtpSettings smtp = config.smtp();
        InetAddress bind;
        try {
            bind = InetAddress.getByName(smtp.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("smtp.bind '" + smtp.bind() + "' is not an address: "
                    + e.getMessage(), e);
        }
        this.limits = new ClientLimits(smtp, clock);
        AuthenticationHandlerFactory auth = new EasyAuthenticationHandlerFactory(new AgentLogin(live));
        boolean authNeedsTls = smtp.tls().requiredForAuth();
        SMTPServer.Builder builder = SMTPServer.port(smtp.port())
                .bindAddress(bind)
                .hostName(config.hostname())
                .softwareName("Postdesk")
                .maxMessageSize((int) smtp.maxMessageSize().bytes())
                // IntakeMessageHandler counts recipients itself, to answer 452 4.5.3 with the limit in the text.
                .maxRecipients(-1)
                .connectionTimeoutMs((int) smtp.idleTimeout().toMillis())
                .sessionHandler(limits)
                .messageHandlerFactory(ctx -> new IntakeMessageHandler(live, intake, processing, limits, ctx))
                .authenticationHandlerFactory(authNeedsTls ? new TlsOnlyAuthentication(auth, limits) : auth);
        if (smtp.tls().enabled()) {
            Path home = config.confDir().toAbsolutePath().getParent();
            builder.enableTLS().startTlsSocketFactory(ServerTls.context(smtp.tls(), home, env), false);
        }
        this.server = builder.build();
    }

    public void start() {
        server.start();
    }

    /** The port actually bound; differs from the configured one when that was 0. */
    public int port() {
        return server.getPortAllocated();
    }

    public String address() {
        return server.getDisplayableLocalSocketAddress();
    }

    @Override
    public void close() {
        server.stop();
        limits.close();
    }
}
