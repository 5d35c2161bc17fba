package org.postdesk.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import org.postdesk.Postdesk;
import org.postdesk.conf.Config;

/**
 * A started Postdesk on a fresh database with the demo conf, sending its mail to a GreenMail relay, and
 * an SMTP client for it: the set-up of the end-to-end tests over real SMTP. Closing it stops Postdesk
 * and drops the database.
 */
public final class RelayedPostdesk implements AutoCloseable {

    private final TestDatabase.Schema schema;
    private final Postdesk postdesk;
    private final MailClient client;
    private final RelayInbox inbox;

    private RelayedPostdesk(TestDatabase.Schema schema, Postdesk postdesk, RelayInbox inbox) {
        this.schema = schema;
        this.postdesk = postdesk;
        this.client = new MailClient(postdesk);
        this.inbox = inbox;
    }

    public static RelayedPostdesk start(TestDatabase backend, Path data, GreenMailExtension relay, Clock clock) {
        return start(backend, data, relay, clock, UnaryOperator.identity());
    }

    /** {@code adjust} changes the demo conf (say, surveys on) before Postdesk opens. */
    public static RelayedPostdesk start(TestDatabase backend, Path data, GreenMailExtension relay, Clock clock,
            UnaryOperator<Config> adjust) {
        TestDatabase.Schema schema = backend.create(data);
        try {
            Config config = adjust.apply(TestConfigs.withRelay(TestConfigs.demo(data, schema.settings()),
                    relay.getSmtp().getPort()));
            return new RelayedPostdesk(schema, Postdesk.open(config, clock).start(), new RelayInbox(relay));
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
    }

    public Postdesk postdesk() {
        return postdesk;
    }

    /** A client whose sends return once Postdesk has processed what they sent. */
    public MailClient client() {
        return client;
    }

    /** What the relay received. */
    public RelayInbox inbox() {
        return inbox;
    }

    @Override
    public void close() {
        try {
            postdesk.close();
        } finally {
            schema.close();
        }
    }
}
