package org.postdesk.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.ConfException;
import org.postdesk.outbound.RenderMail;

/**
 * The rules in force, and their reload. A change to {@code triggers.yml}, {@code sla.yml} or any
 * template builds a whole new {@link RuleSet}; only when all of it checks out is it swapped in, by one
 * reference. A bad edit is refused (file, line, reason in the log) and the old rules keep running.
 *
 * <p>Changes are found by comparing a digest of the files' contents, checked every few seconds by the
 * server: simpler and more reliable than file-system events, which editors that save by renaming and
 * network file systems deliver unevenly. {@code agents.yml}, {@code mailboxes.yml} and
 * {@code postdesk.yml} take effect on restart.
 */
public final class Rules {

    private static final Logger LOG = LoggerFactory.getLogger(Rules.class);

    private final LoadRules loader;
    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private String lastSeen;
    private Optional<String> lastError = Optional.empty();

    /** Loads the rules; a bad conf here is an error at start, thrown as {@link ConfException}. */
    public Rules(LoadRules loader) {
        this.loader = loader;
        this.lastSeen = digest();
        current.set(loader.load());
    }

    public RuleSet current() {
        return current.get();
    }

    /** The templates of the rules in force: every mail Postdesk writes is rendered from these. */
    public RenderMail templates() {
        return current.get().templates();
    }

    /** Why the last reload was refused; empty when the files on disk are the rules in force. */
    public synchronized Optional<String> lastError() {
        return lastError;
    }

    /** Reloads when a file changed since the last look; returns the refusal, if the change was refused. */
    public synchronized Optional<String> reloadIfChanged() {
        String seen = digest();
        if (seen.equals(lastSeen)) {
            return Optional.empty();
        }
        lastSeen = seen;
        return reload();
    }

    /** Reloads now; returns the refusal when the files do not make a valid rule set. */
    public synchronized Optional<String> reload() {
        try {
            RuleSet next = loader.load();
            current.set(next);
            lastError = Optional.empty();
            LOG.info("rules reloaded: {} trigger(s), {} SLA policies", next.triggers().size(),
                    next.sla().policies().size());
        } catch (ConfException e) {
            lastError = Optional.of(e.getMessage());
            LOG.warn("conf change refused, the previous rules stay in force: {}", e.getMessage());
        }
        return lastError;
    }

    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : watched()) {
                sha.update(file.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    sha.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    // Gone between listing and reading (an editor's rename): the next look sees it settled.
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private List<Path> watched() {
        Stream<Path> conf = Stream.of(loader.triggersFile(), loader.slaFile()).filter(Files::isRegularFile);
        if (!Files.isDirectory(loader.templatesDir())) {
            return conf.toList();
        }
        try (Stream<Path> templates = Files.walk(loader.templatesDir())) {
            return Stream.concat(conf, templates.filter(Files::isRegularFile).sorted().toList().stream()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return conf.toList();
        }
    }
}
