package org.postdesk.cli;

import java.io.PrintWriter;

import org.postdesk.imports.ImportMail;
import org.postdesk.imports.ImportSummary;

/**
 * Progress of an import on stderr: a bar redrawn in place on a terminal, a plain count every
 * {@value #EVERY} messages otherwise (a log file or CI output has no use for carriage returns).
 */
final class ImportProgress implements ImportMail.Listener {

    static final int EVERY = 500;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private int lastPercent = -1;
    private boolean drawn;

    ImportProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void imported(ImportSummary soFar, double progress) {
        if (!terminal) {
            if (soFar.read() % EVERY == 0) {
                err.println(soFar.read() + " messages read");
                err.flush();
            }
            return;
        }
        int percent = (int) Math.floor(progress * 100);
        if (percent == lastPercent && soFar.read() % 50 != 0) {
            return;
        }
        lastPercent = percent;
        int filled = (int) Math.round(progress * WIDTH);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%  " + soFar.read()
                + " messages, " + soFar.newTickets() + " new tickets, " + soFar.failed() + " failed ");
        err.flush();
        drawn = true;
    }

    @Override
    public void failed(String where, String why) {
        if (drawn) {
            err.println();
            drawn = false;
        }
        err.println("postdesk import: " + where + ": " + why);
        err.flush();
    }

    void done() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
