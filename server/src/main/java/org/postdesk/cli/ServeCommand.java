package org.postdesk.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import org.postdesk.Postdesk;

/** {@code postdesk serve}: runs the daemon until stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", description = "Run the SMTP listener, the pipeline and outbox delivery.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    PostdeskCommand parent;

    @Override
    public Integer call() throws InterruptedException {
        Postdesk postdesk = Postdesk.open(parent.config(), Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postdesk.close();
            stopped.countDown();
        }, "postdesk-shutdown"));
        stopped.await();
        return 0;
    }
}
