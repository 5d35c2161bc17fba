package org.postdesk.smtp;

import java.util.List;
import java.util.Optional;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * SMTP AUTH offered and accepted only inside TLS. SubEthaSMTP lists AUTH in EHLO before STARTTLS unless
 * TLS is required for every command (which would shut out the customers' servers that send without TLS),
 * and runs an AUTH command sent in clear text. So: EHLO lists no mechanism until TLS has started in the
 * session, and an AUTH before it is refused with RFC 4954's 538 before any password is read.
 *
 * <p>SubEthaSMTP asks for the mechanisms without saying for which session; both EHLO and AUTH run on the
 * session's own thread, where {@link ClientLimits} keeps the session. An AUTH command calls {@link #create}
 * first and then checks its mechanism against the list: that one call gets the full list, so the client
 * hears 538 (use TLS) rather than 504 (no such mechanism).
 */
final class TlsOnlyAuthentication implements AuthenticationHandlerFactory {

    private final AuthenticationHandlerFactory delegate;
    private final ClientLimits sessions;
    private final ThreadLocal<Boolean> authCommand = ThreadLocal.withInitial(() -> false);

    TlsOnlyAuthentication(AuthenticationHandlerFactory delegate, ClientLimits sessions) {
        this.delegate = delegate;
        this.sessions = sessions;
    }

    @Override
    public List<String> getAuthenticationMechanisms() {
        boolean forAuthCommand = authCommand.get();
        authCommand.remove();
        boolean tls = sessions.current().map(Session::isTLSStarted).orElse(false);
        return tls || forAuthCommand ? delegate.getAuthenticationMechanisms() : List.of();
    }

    @Override
    public AuthenticationHandler create() {
        authCommand.set(true);
        AuthenticationHandler handler = delegate.create();
        return new AuthenticationHandler() {
            @Override
            public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                if (!(context instanceof Session session && session.isTLSStarted())) {
                    throw new RejectException(538, "5.7.11 encryption required: send STARTTLS first, then AUTH");
                }
                return handler.auth(clientInput, context);
            }

            @Override
            public Object getIdentity() {
                return handler.getIdentity();
            }
        };
    }
}
