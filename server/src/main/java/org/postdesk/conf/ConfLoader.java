package org.postdesk.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.postdesk.mail.EmailAddress;

/**
 * Reads {@code postdesk.yml}, {@code mailboxes.yml} and {@code agents.yml} from the conf folder,
 * applies the {@code POSTDESK_*} environment overrides and validates the whole before anything
 * starts: a server is never half-configured.
 */
public final class ConfLoader {

    public static final String SERVER_FILE = "postdesk.yml";
    public static final String MAILBOXES_FILE = "mailboxes.yml";
    public static final String AGENTS_FILE = "agents.yml";
    /** Optional: organisations by domain. */
    public static final String CUSTOMERS_FILE = "customers.yml";

    private final ObjectMapper yaml;

    public ConfLoader() {
        SimpleModule values = new SimpleModule("postdesk-conf-values");
        values.addDeserializer(EmailAddress.class, new FromStringDeserializer<>(EmailAddress.class) {
            @Override
            protected EmailAddress _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext c) {
                return EmailAddress.of(value);
            }
        });
        values.addDeserializer(Duration.class, new DurationText());
        values.addDeserializer(Rate.class, new FromStringDeserializer<>(Rate.class) {
            @Override
            protected Rate _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext c) {
                return Rate.parse(value);
            }
        });
        values.addDeserializer(ZoneId.class, new FromStringDeserializer<>(ZoneId.class) {
            @Override
            protected ZoneId _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext c) {
                return ServerFile.zone(value);
            }
        });
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(values)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // `tags: vip` and `tags: [vip, gold]` both mean a list, as admins write either.
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** Loads the conf folder with the process environment's overrides. */
    public Config load(Path confDir) {
        return load(confDir, System.getenv());
    }

    public Config load(Path confDir, Map<String, String> env) {
        Path conf = confDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(conf)) {
            throw new ConfException("conf folder " + conf + " does not exist; point POSTDESK_CONF at the folder"
                    + " holding " + SERVER_FILE + ", " + MAILBOXES_FILE + " and " + AGENTS_FILE);
        }
        ServerFile server = read(conf.resolve(SERVER_FILE), ServerFile.class);
        MailboxesFile mailboxes = read(conf.resolve(MAILBOXES_FILE), MailboxesFile.class);
        AgentsFile agents = read(conf.resolve(AGENTS_FILE), AgentsFile.class);
        Path customersFile = conf.resolve(CUSTOMERS_FILE);
        CustomersFile customers = Files.exists(customersFile) ? read(customersFile, CustomersFile.class)
                : new CustomersFile(null);
        Organisations organisations = new Organisations(customers.organisations());

        Path home = conf.getParent() == null ? conf : conf.getParent();
        Path data = home.resolve(env.getOrDefault("POSTDESK_DATA", server.data())).normalize();
        Config config = new Config(conf, data, home.resolve(server.templates()).normalize(), server.hostname(),
                env.getOrDefault("POSTDESK_SECRET", server.secret()), server.smtp(), server.database(),
                server.relay(), server.delivery(), server.conversations(), mailboxes.mailboxes(), agents.groups(),
                agents.agents(), server.timezone(), organisations, server.surveys(), server.http(),
                server.limits());
        config = EnvOverrides.apply(config, env);
        config = resolveAgentPasswords(conf, config, env);
        checkReferences(conf, config);
        return config;
    }

    private static Config resolveAgentPasswords(Path conf, Config config, Map<String, String> env) {
        List<Agent> agents = new java.util.ArrayList<>();
        for (Agent a : config.agents()) {
            if (a.smtpPasswordEnv().isEmpty()) {
                agents.add(a);
                continue;
            }
            String value = env.get(a.smtpPasswordEnv());
            if (value == null || value.isEmpty()) {
                Path file = conf.resolve(AGENTS_FILE);
                throw new ConfException(file + lineOf(file, a.smtpPasswordEnv()) + ": agent " + a.address()
                        + ": smtpPasswordEnv names " + a.smtpPasswordEnv() + ", which is not set in the environment");
            }
            agents.add(a.withSmtpPassword(value));
        }
        return new Config(config.confDir(), config.dataDir(), config.templatesDir(), config.hostname(),
                config.secret(), config.smtp(), config.database(), config.relay(), config.delivery(),
                config.conversations(), config.mailboxes(), config.groups(), agents, config.timezone(),
                config.organisations(), config.surveys(), config.http(), config.limits());
    }

    /**
     * Reads one optional conf file of the rules ({@code triggers.yml}, {@code sla.yml}) with the same
     * checks and error text as the server's own files; empty when the file does not exist.
     */
    public <T> java.util.Optional<T> readOptional(Path file, Class<T> type) {
        return Files.exists(file) ? java.util.Optional.of(read(file, type)) : java.util.Optional.empty();
    }

    private <T> T read(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfException(file + " is missing; every conf folder needs " + SERVER_FILE + ", "
                    + MAILBOXES_FILE + " and " + AGENTS_FILE + " (see the conf/ folder shipped with Postdesk)");
        } catch (IOException e) {
            throw new ConfException(file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            T value = text.isBlank() ? yaml.readValue("{}", type) : yaml.readValue(text, type);
            return value == null ? yaml.readValue("{}", type) : value;
        } catch (JsonMappingException e) {
            throw new ConfException(describe(file, e), e);
        } catch (JsonProcessingException e) {
            throw new ConfException(file + where(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Path file, JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                ? root.getMessage()
                : e.getOriginalMessage().replaceAll("\\s*\\(class [^)]*\\)", "");
        String line = where(e);
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            why = "unknown key '" + u.getPropertyName() + "'; valid keys here: " + u.getKnownPropertyIds();
            line = keyLine(file, e.getLocation() == null ? -1 : e.getLocation().getLineNr(), u.getPropertyName())
                    .orElse(line);
        } else if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException
                && e.getLocation() != null) {
            line = objectLine(file, e.getLocation().getLineNr(), why).orElse(line);
        }
        return file + line + (path.isEmpty() ? "" : ": " + path) + ": " + why;
    }

    /**
     * A value refused by its record is reported where the parser stopped: after the object, on the next
     * item's line or past the end. The admin needs the object's own line: the nearest one above whose
     * key the message names, else the object's last line.
     */
    private static java.util.Optional<String> objectLine(Path file, int reported, String why) {
        try {
            List<String> lines = Files.readAllLines(file);
            int last = -1;
            for (int i = Math.min(reported, lines.size() + 1) - 2; i >= 0; i--) {
                java.util.regex.Matcher key = java.util.regex.Pattern.compile("\\s*(?:- )?([\\w-]+)\\s*:.*")
                        .matcher(lines.get(i));
                if (last < 0 && !lines.get(i).isBlank()) {
                    last = i;
                }
                if (key.matches() && why.contains(key.group(1))) {
                    return java.util.Optional.of(" line " + (i + 1));
                }
                if (lines.get(i).stripLeading().startsWith("- ")) {
                    break;
                }
            }
            return last < 0 ? java.util.Optional.empty() : java.util.Optional.of(" line " + (last + 1));
        } catch (IOException ignored) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The YAML parser reports where it stopped, which can be the line after the offending key;
     * the admin needs the key's own line: the nearest one at or before the reported line.
     */
    private static java.util.Optional<String> keyLine(Path file, int reported, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = Math.min(reported, lines.size()) - 1; i >= 0; i--) {
                if (lines.get(i).matches("\\s*(- )?" + java.util.regex.Pattern.quote(key) + "\\s*:.*")) {
                    return java.util.Optional.of(" line " + (i + 1));
                }
            }
        } catch (IOException ignored) {
            // keep the parser's line
        }
        return java.util.Optional.empty();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? "" : " line " + e.getLocation().getLineNr();
    }

    /** Cross-file checks: names that must exist elsewhere and values that must be unique. */
    private static void checkReferences(Path conf, Config config) {
        Path mailboxesFile = conf.resolve(MAILBOXES_FILE);
        Path agentsFile = conf.resolve(AGENTS_FILE);
        if (config.mailboxes().isEmpty()) {
            throw new ConfException(mailboxesFile + ": no mailboxes; add at least one, e.g."
                    + " '- address: support@example.com' with 'prefix: SUP'");
        }
        Set<String> groups = config.groups().stream().map(Group::name).collect(Collectors.toSet());
        unique(mailboxesFile, "mailbox address", config.mailboxes(), m -> m.address().value());
        unique(mailboxesFile, "ticket prefix", config.mailboxes(), Mailbox::prefix);
        unique(agentsFile, "group name", config.groups(), Group::name);
        unique(agentsFile, "agent address", config.agents(), a -> a.address().value());
        for (Mailbox m : config.mailboxes()) {
            if (!m.group().isEmpty() && !groups.contains(m.group())) {
                throw new ConfException(mailboxesFile + lineOf(mailboxesFile, m.group()) + ": mailbox "
                        + m.address() + ": group '" + m.group() + "' is not defined in " + agentsFile
                        + "; known groups: " + groups);
            }
        }
        for (Group g : config.groups()) {
            if (g.lead() != null && config.agent(g.lead()).isEmpty()) {
                throw new ConfException(agentsFile + lineOf(agentsFile, g.lead().value()) + ": group " + g.name()
                        + ": lead " + g.lead() + " is not an agent under agents:; agents: "
                        + config.agents().stream().map(a -> a.address().value()).toList());
            }
        }
        for (Agent a : config.agents()) {
            for (String g : a.groups()) {
                if (!groups.contains(g)) {
                    throw new ConfException(agentsFile + lineOf(agentsFile, g) + ": agent " + a.address()
                            + ": group '" + g + "' is not defined under groups:; known groups: " + groups);
                }
            }
            if (config.mailbox(a.address()).isPresent()) {
                throw new ConfException(agentsFile + lineOf(agentsFile, a.address().value()) + ": agent "
                        + a.address() + " is also a mailbox address; an agent needs an address of their own");
            }
        }
    }

    private static <T> void unique(Path file, String what, List<T> items, Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String k = key.apply(item);
            if (!seen.add(k)) {
                throw new ConfException(file + lineOf(file, k) + ": " + what + " '" + k + "' appears twice");
            }
        }
    }

    /** The last line mentioning {@code value}, for errors found after binding, when Jackson's location is gone. */
    public static String lineOf(Path file, String value) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).toLowerCase().contains(value.toLowerCase())) {
                    return " line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // the error is still worth reporting without its line
        }
        return "";
    }
}
