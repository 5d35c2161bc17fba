package org.postdesk.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

import org.postdesk.conf.Config;
import org.postdesk.intake.Intake;
import org.postdesk.pipeline.Pipeline;

/** The SMTP listener (SubEthaSMTP): advertises SIZE, accepts mail for the configured mailboxes only. */
public final class SmtpListener implements AutoCloseable {

    private final SMTPServer server;

    public SmtpListener(Config config, Intake intake, Pipeline pipeline) {
        try {
            this.server = SMTPServer.port(config.smtp().port())
                    .bindAddress(InetAddress.getByName(config.smtp().bind()))
                    .hostName(config.hostname())
                    .softwareName("Postdesk")
                    .maxMessageSize((int) config.smtp().maxMessageSize().bytes())
                    .maxRecipients(100)
                    .messageHandlerFactory(ctx -> new IntakeMessageHandler(config, intake, pipeline, ctx))
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(new AgentLogin(config)))
                    .build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("smtp.bind '" + config.smtp().bind() + "' is not an address: "
                    + e.getMessage(), e);
        }
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
    }
}
