package org.postdesk.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

import org.postdesk.conf.SmtpSettings;

/**
 * What one client may take of the listener: connections open at once per IP address, messages started
 * per IP address in a sliding minute, and how long one connection may last (a slow client trickling bytes
 * never trips the idle timeout, which each byte resets, so the whole session has a deadline of its own).
 */
final class ClientLimits implements SessionHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientLimits.class);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** Past this many addresses tracked, idle ones are swept, so many one-off senders cannot grow the map. */
    private static final int SWEEP_AT = 10_000;

    private final SmtpSettings settings;
    private final Clock clock;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private final Map<Session, ScheduledFuture<?>> deadlines = new IdentityHashMap<>();
    private final Map<InetAddress, Deque<Instant>> started = new HashMap<>();
    /** SubEthaSMTP runs each session on a thread of its own, from accept to end. */
    private final ThreadLocal<Session> current = new ThreadLocal<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "postdesk-smtp-deadlines");
        t.setDaemon(true);
        return t;
    });

    ClientLimits(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized SessionAcceptance accept(Session session) {
        InetAddress ip = ipOf(session.getRealRemoteAddress());
        int now = open.getOrDefault(ip, 0);
        if (settings.maxConnectionsPerIp() > 0 && now >= settings.maxConnectionsPerIp()) {
            LOG.warn("stage=connect ip={}: refused, {} connections already open from there", ip.getHostAddress(), now);
            return SessionAcceptance.failure(421, "4.7.0 too many connections from " + ip.getHostAddress()
                    + ": at most " + settings.maxConnectionsPerIp() + " at once; close one or try again later");
        }
        open.put(ip, now + 1);
        current.set(session);
        deadlines.put(session, timer.schedule(() -> expire(session), settings.sessionTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        return SessionAcceptance.success();
    }

    @Override
    public synchronized void onSessionEnd(Session session) {
        current.remove();
        ScheduledFuture<?> deadline = deadlines.remove(session);
        if (deadline == null) {
            return;
        }
        deadline.cancel(false);
        open.computeIfPresent(ipOf(session.getRealRemoteAddress()), (ip, n) -> n <= 1 ? null : n - 1);
    }

    /** The session the calling thread serves, when it is a session's thread. */
    Optional<Session> current() {
        return Optional.ofNullable(current.get());
    }

    /**
     * Counts one more message started by {@code client}; false when it is past its rate, and then the
     * refused attempt does not count, so a client that waits gets its turn back as the minute slides.
     */
    synchronized boolean allowMessage(SocketAddress client) {
        if (settings.maxMessagesPerIpPerMinute() == 0) {
            return true;
        }
        Instant now = clock.instant();
        Instant windowStart = now.minus(RATE_WINDOW);
        if (started.size() > SWEEP_AT) {
            started.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(windowStart));
        }
        Deque<Instant> times = started.computeIfAbsent(ipOf(client), ip -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
            times.pollFirst();
        }
        if (times.size() >= settings.maxMessagesPerIpPerMinute()) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    private void expire(Session session) {
        synchronized (this) {
            if (!deadlines.containsKey(session)) {
                return;
            }
        }
        LOG.warn("session={} ip={}: still connected after {}, closed", session.getSessionId(),
                ipOf(session.getRealRemoteAddress()).getHostAddress(), settings.sessionTimeout());
        try {
            session.sendResponse("421 4.4.2 session too long: a connection may last at most "
                    + settings.sessionTimeout().toSeconds() + " seconds; closing");
        } catch (IOException | RuntimeException e) {
            // the client may be gone or mid-write; closing the socket below is what matters
        }
        try {
            session.closeSocket();
        } catch (IOException e) {
            LOG.debug("session={}: closing after its deadline: {}", session.getSessionId(), e.toString());
        }
    }

    private static InetAddress ipOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
