package org.postdesk.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.ConfException;
import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.conf.LiveConfig;
import org.postdesk.conf.RestartOnly;
import org.postdesk.outbound.RenderMail;
import org.postdesk.store.TimerRow;
import org.postdesk.timer.TimerHandler;

/**
 * The conf in force, server conf and rules together, and its reload. A change to any file of conf/
 * ({@code postdesk.yml}, {@code mailboxes.yml}, {@code agents.yml}, {@code customers.yml},
 * {@code triggers.yml}, {@code sla.yml}) or of templates/ builds a whole new {@link ConfSnapshot};
 * only when all of it checks out, cross-file references included, is it swapped in, by one reference.
 * A bad edit is refused (file, line, reason in the log and in {@link #lastError}) and the old conf keeps
 * running. Settings a running server cannot change keep their running values and are named in the log
 * ({@link RestartOnly}).
 *
 * <p>Changes are found by comparing a digest of the files' contents, checked every few seconds by the
 * server: simpler and more reliable than file-system events, which editors that save by renaming and
 * network file systems deliver unevenly. The server files are read again only when they changed, so a
 * conf built in code (tests) stays as it is while its rules files are edited.
 */
public final class Rules implements LiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(Rules.class);

    private static final List<String> SERVER_FILES = List.of(ConfLoader.SERVER_FILE, ConfLoader.MAILBOXES_FILE,
            ConfLoader.AGENTS_FILE, ConfLoader.CUSTOMERS_FILE);

    private final Function<Config, Collection<String>> requiredTemplates;
    private final Consumer<Config> prepare;
    private final AtomicReference<ConfSnapshot> current = new AtomicReference<>();
    private final ThreadLocal<ConfSnapshot> pinned = new ThreadLocal<>();
    private String lastSeen;
    /** The digest of the server files the conf in force was read from. */
    private String serverInForce;
    private Optional<String> lastError = Optional.empty();
    private List<String> restartPending = List.of();

    /**
     * Loads the rules for {@code config}; a bad conf here is an error at start, thrown as
     * {@link ConfException}.
     *
     * @param requiredTemplates the templates a conf needs (the survey's only when surveys are on)
     * @param prepare what must exist before a new conf is in force (ticket counters of new prefixes); a
     *     failure there is logged and does not refuse the conf
     */
    public Rules(Config config, Function<Config, Collection<String>> requiredTemplates, Consumer<Config> prepare) {
        this.requiredTemplates = requiredTemplates;
        this.prepare = prepare;
        this.serverInForce = digest(serverFiles(config));
        this.lastSeen = digest(watched(config));
        current.set(new ConfSnapshot(config, new LoadRules(config, requiredTemplates.apply(config)).load()));
    }

    /** The conf and rules in force, or the ones this thread's work is {@link #pinned} to. */
    public ConfSnapshot snapshot() {
        ConfSnapshot mine = pinned.get();
        return mine != null ? mine : current.get();
    }

    @Override
    public Config get() {
        return snapshot().config();
    }

    @Override
    public <T> T pinned(Supplier<T> work) {
        if (pinned.get() != null) {
            return work.get();
        }
        pinned.set(current.get());
        try {
            return work.get();
        } finally {
            pinned.remove();
        }
    }

    /** {@code handler} firing each timer under one version of the conf, as a message is processed. */
    public TimerHandler pinning(TimerHandler handler) {
        return new TimerHandler() {
            @Override
            public String kind() {
                return handler.kind();
            }

            @Override
            public void fire(SqlSession session, TimerRow timer) {
                pinned(() -> {
                    handler.fire(session, timer);
                    return null;
                });
            }
        };
    }

    public RuleSet current() {
        return snapshot().rules();
    }

    /** The templates of the rules in force: every mail Postdesk writes is rendered from these. */
    public RenderMail templates() {
        return snapshot().rules().templates();
    }

    /** Why the last reload was refused; empty when the files on disk are the conf in force. */
    public synchronized Optional<String> lastError() {
        return lastError;
    }

    /** The settings changed on disk that wait for a restart, one line each; see {@link RestartOnly}. */
    public synchronized List<String> restartPending() {
        return restartPending;
    }

    /** Reloads when a file changed since the last look; returns the refusal, if the change was refused. */
    public synchronized Optional<String> reloadIfChanged() {
        String seen = digest(watched(current.get().config()));
        if (seen.equals(lastSeen)) {
            return Optional.empty();
        }
        lastSeen = seen;
        return reload();
    }

    /** Reloads now; returns the refusal when the files do not make a valid conf. */
    public synchronized Optional<String> reload() {
        Config config = current.get().config();
        try {
            String server = digest(serverFiles(config));
            List<String> notes = restartPending;
            if (!server.equals(serverInForce)) {
                RestartOnly.Kept kept = RestartOnly.keep(config, new ConfLoader().load(config.confDir()));
                config = kept.config();
                notes = kept.notes();
            }
            RuleSet next = new LoadRules(config, requiredTemplates.apply(config)).load();
            try {
                prepare.accept(config);
            } catch (RuntimeException e) {
                LOG.warn("conf reload: preparing for the new conf failed, it applies anyway: {}", e.toString());
            }
            current.set(new ConfSnapshot(config, next));
            serverInForce = server;
            restartPending = notes;
            lastError = Optional.empty();
            LOG.info("conf reloaded: {} mailbox(es), {} group(s), {} agent(s), {} trigger(s), {} SLA policies",
                    config.mailboxes().size(), config.groups().size(), config.agents().size(),
                    next.triggers().size(), next.sla().policies().size());
            notes.forEach(note -> LOG.warn("conf reloaded, but {}", note));
        } catch (ConfException e) {
            lastError = Optional.of(e.getMessage());
            LOG.warn("conf change refused, the previous conf stays in force: {}", e.getMessage());
        } catch (RuntimeException e) {
            // Not a mistake in the files (a folder unreadable for a moment…): refused too, and tried again at
            // the next look rather than only at the next edit.
            lastSeen = "";
            lastError = Optional.of("conf reload failed: " + e);
            LOG.warn("conf reload failed, the previous conf stays in force: {}", e.toString(), e);
        }
        return lastError;
    }

    private static List<Path> serverFiles(Config config) {
        return SERVER_FILES.stream().map(config.confDir()::resolve).toList();
    }

    private static String digest(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(file.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    sha.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    // Absent, or gone between listing and reading (an editor's rename): the next look sees it
                    // settled.
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static List<Path> watched(Config config) {
        Stream<Path> conf = Stream.concat(serverFiles(config).stream(), Stream.of(
                config.confDir().resolve(LoadRules.TRIGGERS_FILE), config.confDir().resolve(LoadRules.SLA_FILE)));
        if (!Files.isDirectory(config.templatesDir())) {
            return conf.toList();
        }
        try (Stream<Path> templates = Files.walk(config.templatesDir())) {
            return Stream.concat(conf, templates.filter(Files::isRegularFile).sorted().toList().stream()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return conf.toList();
        }
    }
}
