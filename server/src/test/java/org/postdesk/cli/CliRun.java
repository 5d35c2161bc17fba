package org.postdesk.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

import picocli.CommandLine;

/** One {@code postdesk} command as a user types it, with {@code --conf} added: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Path conf, String... args) {
        CommandLine cli = PostdeskCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--conf";
        all[args.length + 1] = conf.toString();
        return new CliRun(cli.execute(all), out.toString(), err.toString());
    }
}
