package org.postdesk.cli;

import java.nio.file.Path;
import java.time.Clock;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.postdesk.Postdesk;
import org.postdesk.conf.ConfException;
import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.store.StorageUnavailable;

/** {@code postdesk}: the daemon and its tools in one command. */
@Command(name = "postdesk", mixinStandardHelpOptions = true, version = "Postdesk 0.1.0",
        description = "An email-first help desk.",
        subcommands = {ServeCommand.class, IngestCommand.class, TicketCommand.class, TaskCommand.class,
            CustomerCommand.class, ConfCommand.class, StatusCommand.class, ImportCommand.class, RulesCommand.class,
            CannedCommand.class, ReportCommand.class,
            InboxCommand.class,
            TlsCommand.class})
public final class PostdeskCommand {

    @Option(names = "--conf", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The conf folder (default: $POSTDESK_CONF, else conf/ beside the launcher, else ./conf).")
    Path conf;

    public static void main(String[] args) {
        // Only the daemon logs at INFO; the tools print their results and keep the log for warnings.
        if (args.length == 0 || !java.util.Arrays.asList(args).contains("serve")) {
            System.setProperty("postdesk.log.level", "WARN");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PostdeskCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfException || e instanceof StorageUnavailable || e instanceof UserError) {
                commandLine.getErr().println("postdesk: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    Path confDir() {
        if (conf != null) {
            return conf;
        }
        String env = System.getenv("POSTDESK_CONF");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("postdesk.home");
        return home != null ? Path.of(home, "conf") : Path.of("conf");
    }

    Config config() {
        return new ConfLoader().load(confDir());
    }

    Postdesk open() {
        return Postdesk.open(config(), Clock.systemUTC());
    }

    /** A mistake in how a command was called: printed without a stack trace, exit code 2. */
    static final class UserError extends RuntimeException {

        UserError(String message) {
            super(message);
        }
    }
}
