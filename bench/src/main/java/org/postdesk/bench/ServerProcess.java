package org.postdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A Postdesk server ({@link ServerMain}) in a child JVM, with its log in a file. */
final class ServerProcess implements AutoCloseable {

    /** What the child reports about itself. */
    record Stats(long cpuNanos, long jitNanos, long gcNanos, long heapPeakBytes, long vmHwmKb, long queued) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int smtpPort;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        // A JVM option such as -XX:StartFlightRecording may print its own lines first.
        while (ready != null && !ready.startsWith("READY ") && ready.startsWith("[")) {
            ready = out.readLine();
        }
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("the Postdesk server did not start (said " + ready + "); see its log");
        }
        this.smtpPort = Integer.parseInt(ready.substring("READY ".length()).strip());
    }

    /**
     * Starts Postdesk with {@code conf}, data under {@code data}, sending to a relay on {@code relayPort}, on
     * the embedded database or {@code dbUrl}.
     */
    static ServerProcess start(String heap, List<String> jvmOptions, Path conf, Path data, int relayPort,
            String dbUrl, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                conf.toString(), data.toString(), String.valueOf(relayPort)));
        if (dbUrl != null) {
            command.add(dbUrl);
        }
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new ServerProcess(p);
    }

    int smtpPort() {
        return smtpPort;
    }

    synchronized Stats stats() throws IOException {
        in.println("STATS");
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the Postdesk server has exited; see its log");
        }
        return JSON.readValue(line, Stats.class);
    }

    /** Resets the peak heap and peak RSS, so the next {@link #stats} covers one run. */
    synchronized void resetPeaks() throws IOException {
        in.println("RESET");
        out.readLine();
    }

    @Override
    public void close() throws InterruptedException {
        in.println("QUIT");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
