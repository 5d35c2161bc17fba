package org.postdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The relay Postdesk sends to: takes every mail (SubEthaSMTP), notes when each acknowledgement arrived
 * and for which customer message (its In-Reply-To), and learns ticket numbers from the acknowledgement's
 * subject so that clients can reply with {@code [SUP-n]}.
 */
final class AckSink implements AutoCloseable {

    /** A ticket that exists, and the customer who may reply to it by its tag. */
    record Ticket(String customer, String ref) {
    }

    private static final Pattern TAG = Pattern.compile("\\[([A-Z]+-\\d+)]");

    private final SMTPServer server;
    private final Map<String, Long> ackArrived = new ConcurrentHashMap<>();
    private final List<Ticket> tickets = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();

    AckSink() throws IOException {
        server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("relay.bench.test")
                .maxRecipients(100).messageHandlerFactory(Handler::new).build();
        server.start();
    }

    int port() {
        return server.getPortAllocated();
    }

    /** When the acknowledgement of the customer message {@code messageId} arrived ({@link System#nanoTime}). */
    Long ackArrived(String messageId) {
        return ackArrived.get(messageId);
    }

    List<Ticket> tickets() {
        return tickets;
    }

    long received() {
        return received.get();
    }

    /** Forgets what earlier runs left. */
    void clear() {
        ackArrived.clear();
        tickets.clear();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {

        Handler(MessageContext context) {
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) {
        }

        @Override
        public String data(InputStream data) throws IOException {
            BufferedReader headers = new BufferedReader(new InputStreamReader(data, StandardCharsets.ISO_8859_1));
            String kind = "";
            String inReplyTo = "";
            String subject = "";
            String to = "";
            String name = "";
            StringBuilder value = new StringBuilder();
            for (String line = headers.readLine(); ; line = headers.readLine()) {
                boolean continuation = line != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0));
                if (continuation) {
                    value.append(' ').append(line.strip());
                    continue;
                }
                switch (name.toLowerCase(java.util.Locale.ROOT)) {
                    case "x-postdesk-kind" -> kind = value.toString().strip();
                    case "in-reply-to" -> inReplyTo = value.toString().strip().replaceAll("^<|>$", "");
                    case "subject" -> subject = value.toString();
                    case "to" -> to = value.toString().replaceAll(".*<|>.*", "").strip();
                    default -> { }
                }
                if (line == null || line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                name = colon < 0 ? "" : line.substring(0, colon);
                value.setLength(0);
                value.append(colon < 0 ? "" : line.substring(colon + 1));
            }
            headers.transferTo(java.io.Writer.nullWriter());
            data.transferTo(OutputStream.nullOutputStream());
            received.incrementAndGet();
            if (kind.equals("acknowledgement")) {
                long now = System.nanoTime();
                Matcher tag = TAG.matcher(subject);
                if (tag.find()) {
                    tickets.add(new Ticket(to, tag.group(1)));
                }
                ackArrived.put(inReplyTo, now);
            }
            return null;
        }

        @Override
        public void done() {
        }
    }
}
