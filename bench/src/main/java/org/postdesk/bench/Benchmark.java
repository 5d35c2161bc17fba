package org.postdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.HdrHistogram.Histogram;

import org.postdesk.conf.DatabaseSettings;
import org.postdesk.store.Database;

/**
 * Postdesk's benchmark: mail over SMTP from C concurrent clients into Postdesk on H2 and on MariaDB, each
 * empty and with a million tickets; Postfix's smtp-sink driven by the same client as the ceiling of the
 * bare protocol on this machine; one 50 MB attachment at 128 MB heap. Writes latest.json and latest.md.
 *
 * <pre>mvn -q -pl bench -am package -DskipTests &amp;&amp; java -jar bench/target/postdesk-bench.jar --out bench/results</pre>
 */
public final class Benchmark {

    private final Options options;
    private final AckSink sink;
    private final List<Map<String, Object>> runs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Map<String, Object>> textSearch = new ArrayList<>();
    private Map<String, Object> large;
    private int runNumber;

    private Benchmark(Options options, AckSink sink) {
        this.options = options;
        this.sink = sink;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isDirectory(options.home().resolve("conf")) || !Files.isDirectory(options.home().resolve("templates"))) {
            System.err.println("no conf/ and templates/ under " + options.home().toAbsolutePath()
                    + ": run from the repository root or pass --home");
            System.exit(2);
        }
        Files.createDirectories(options.out().resolve("logs"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long started = System.currentTimeMillis();
        try (AckSink sink = new AckSink()) {
            Benchmark bench = new Benchmark(options, sink);
            bench.smtpSinkBaseline();
            bench.postdesk("h2", 0, options.clients());
            if (options.mariaDbUrl() != null) {
                bench.postdesk("mariadb", 0, options.clients());
            } else {
                bench.notes.add("MariaDB not run: pass --mariadb URL or set POSTDESK_BENCH_DB_URL");
            }
            if (options.preload() > 0) {
                bench.postdesk("h2", options.preload(), options.preloadClients());
                if (options.mariaDbUrl() != null) {
                    bench.postdesk("mariadb", options.preload(), options.preloadClients());
                }
            }
            if (options.largeAttachmentMb() > 0) {
                bench.largeAttachment();
            }
            Report report = new Report(options, bench.runs, bench.large, bench.notes, loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    (System.currentTimeMillis() - started) / 1000);
            report.write(options.out());
            SearchBench.addTo(options.out(), "latest", bench.textSearch);
            System.out.println(report.markdown());
        }
    }

    /** Postfix's smtp-sink: accepts and discards, the most any SMTP server can do on this machine. */
    private void smtpSinkBaseline() throws Exception {
        Path binary = Path.of("/usr/sbin/smtp-sink");
        if (!Files.isExecutable(binary)) {
            notes.add("smtp-sink not found at " + binary + ": no ceiling measured (Debian: apt-get install postfix)");
            return;
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-c"));
        if (System.getProperty("user.name").equals("root")) {
            // smtp-sink refuses to run as root without a user to drop to.
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("127.0.0.1:" + port, "1000"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(options.out().resolve("logs/smtp-sink.log").toFile()).start();
        try {
            awaitListening(port);
            log("smtp-sink on port " + port);
            new LoadRun(port, null, "warm").send(options.warmUp(), 8);
            for (int clients : options.clients()) {
                for (int r = 0; r < options.repeats(); r++) {
                    LoadRun.Sent sent = new LoadRun(port, null, runId()).send(options.messages(), clients);
                    Map<String, Object> row = row("smtp-sink", "-", 0, clients, sent);
                    runs.add(row);
                    log(row.toString());
                }
            }
        } finally {
            process.destroy();
        }
    }

    /** A fresh Postdesk on {@code db}, holding {@code preload} tickets, measured at each client count. */
    private void postdesk(String db, int preload, List<Integer> clientCounts) throws Exception {
        Path data = Files.createTempDirectory("postdesk-bench-" + db);
        String schema = db.equals("mariadb") ? createSchema() : null;
        String url = schema == null ? null : withDatabase(options.mariaDbUrl(), schema);
        try {
            if (preload > 0) {
                long t0 = System.nanoTime();
                DatabaseSettings settings = url == null ? DatabaseSettings.defaults()
                        : new DatabaseSettings(url, "", "", 2);
                try (Database database = Database.open(settings, data)) {
                    Preload.load(database.dataSource(), preload, url == null);
                    textSearch.add(SearchBench.measure(database, db, preload));
                }
                String took = String.format("%.0f s", (System.nanoTime() - t0) / 1e9);
                notes.add("preloaded " + preload + " tickets into " + db + " in " + took);
                log("preloaded " + preload + " tickets into " + db + " in " + took);
            }
            Path log = options.out().resolve("logs/postdesk-" + db + "-" + preload + ".log");
            try (ServerProcess server = ServerProcess.start(options.heap(), jvmOptions(db + "-" + preload), options.home().resolve("conf")
                    .toAbsolutePath(), data, sink.port(), url, log)) {
                log("Postdesk on " + db + " with " + preload + " tickets, SMTP port " + server.smtpPort());
                Optional<DatabaseServerCpu> dbServer = DatabaseServerCpu.find(url);
                int warmUp = options.warmUp() + (preload > 0 ? measuredBefore(clientCounts.get(0)) : 0);
                if (warmUp > options.warmUp()) {
                    notes.add("the " + db + " server with " + preload + " tickets was warmed up with " + warmUp
                            + " mails: as many as the empty one had handled before its row at "
                            + clientCounts.get(0) + " clients");
                }
                measure(server, dbServer, warmUp, 8);
                for (int clients : clientCounts) {
                    for (int r = 0; r < options.repeats(); r++) {
                        Map<String, Object> row = measure(server, dbServer, options.messages(), clients);
                        row.put("database", db);
                        row.put("preloaded", preload);
                        runs.add(row);
                        log(row.toString());
                    }
                }
            }
        } finally {
            if (schema != null) {
                execute(options.mariaDbUrl(), "DROP DATABASE IF EXISTS " + schema);
            }
            deleteTree(data);
        }
    }

    /**
     * Mails an empty server has been sent in measured rows before its first row at {@code clients}. A preloaded
     * server is warmed up with as many more, so that the rows compared for the million-ticket ratio come from
     * JVMs that have run the same work: otherwise the preloaded one was still compiling (its JIT took 3.6 CPU s
     * per 1,000 mails on H2 and 1.7 on MariaDB, the empty one's 0.3 and 0.1), and the ratio measured warm-up.
     */
    private int measuredBefore(int clients) {
        int before = 0;
        for (int c : options.clients()) {
            if (c == clients) {
                break;
            }
            before += options.repeats() * options.messages();
        }
        return before;
    }

    private Map<String, Object> measure(ServerProcess server, Optional<DatabaseServerCpu> dbServer, int messages,
            int clients) throws Exception {
        sink.clear();
        server.resetPeaks();
        ServerProcess.Stats before = server.stats();
        long dbBefore = dbServer.isPresent() ? dbServer.get().nanos() : 0;
        LoadRun.Sent sent = new LoadRun(server.smtpPort(), sink, runId()).send(messages, clients);
        long lastAck = awaitAcks(server, sent);
        awaitDrained(server);
        ServerProcess.Stats after = server.stats();
        long dbAfter = dbServer.isPresent() ? dbServer.get().nanos() : 0;
        Map<String, Object> row = row("postdesk", "", 0, clients, sent);
        Histogram ack = new Histogram(600_000_000L, 3);
        sent.acceptedNew().forEach((id, at) -> {
            Long arrived = sink.ackArrived(id);
            if (arrived != null) {
                ack.recordValue(Math.max(0, Math.min((arrived - at) / 1_000, ack.getHighestTrackableValue())));
            }
        });
        row.put("acksMissing", sent.acceptedNew().size() - ack.getTotalCount());
        row.put("ackP50Ms", ms(ack.getValueAtPercentile(50)));
        row.put("ackP99Ms", ms(ack.getValueAtPercentile(99)));
        row.put("endToEndPerSecond", round((messages - sent.failures()) / ((Math.max(lastAck, sent.end())
                - sent.start()) / 1e9)));
        row.put("cpuSecondsPer1000", round((after.cpuNanos() - before.cpuNanos()) / 1e9 / messages * 1000));
        row.put("jitCpuSecondsPer1000", round((after.jitNanos() - before.jitNanos()) / 1e9 / messages * 1000));
        row.put("gcCpuSecondsPer1000", round((after.gcNanos() - before.gcNanos()) / 1e9 / messages * 1000));
        if (dbServer.isPresent()) {
            row.put("dbServerCpuSecondsPer1000", round((dbAfter - dbBefore) / 1e9 / messages * 1000));
        }
        row.put("heapPeakMb", after.heapPeakBytes() / (1024 * 1024));
        row.put("rssPeakMb", after.vmHwmKb() / 1024);
        return row;
    }

    /** One 50 MB attachment into a server with 128 MB of heap: accepted, stored, acknowledged. */
    private void largeAttachment() throws Exception {
        Path data = Files.createTempDirectory("postdesk-bench-large");
        large = new LinkedHashMap<>();
        large.put("attachmentMb", options.largeAttachmentMb());
        large.put("heap", "128m");
        try (ServerProcess server = ServerProcess.start("128m", jvmOptions("large"), options.home().resolve("conf").toAbsolutePath(),
                data, sink.port(), null, options.out().resolve("logs/postdesk-large.log"))) {
            sink.clear();
            server.resetPeaks();
            String messageId = "large." + UUID.randomUUID() + "@customer.test";
            long t0 = System.nanoTime();
            try {
                SmtpClient.send(server.smtpPort(), "big@customer.test", MailMaker.MAILBOX, MailMaker.large(
                        "big@customer.test", messageId, options.largeAttachmentMb() * 1024L * 1024, new Random(7)));
                long accepted = System.nanoTime();
                large.put("accepted", true);
                large.put("smtpSeconds", round((accepted - t0) / 1e9));
                long deadline = System.nanoTime() + 300_000_000_000L;
                while (sink.ackArrived(messageId) == null && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Long ack = sink.ackArrived(messageId);
                large.put("ackSeconds", ack == null ? null : round((ack - t0) / 1e9));
            } catch (IOException e) {
                large.put("accepted", false);
                large.put("error", e.getMessage());
            }
            awaitDrained(server);
            ServerProcess.Stats stats = server.stats();
            large.put("heapPeakMb", stats.heapPeakBytes() / (1024 * 1024));
            large.put("rssPeakMb", stats.vmHwmKb() / 1024);
        } finally {
            deleteTree(data);
        }
        log("large attachment: " + large);
    }

    /** The server JVM's extra options: a flight recording named {@code name} if asked for. */
    private List<String> jvmOptions(String name) throws IOException {
        if (options.jfr() == null) {
            return List.of();
        }
        Files.createDirectories(options.jfr());
        // Deep stacks: H2's and MyBatis's frames alone pass JFR's default of 64, which cut off the callers.
        return List.of("-XX:FlightRecorderOptions:stackdepth=512", "-XX:StartFlightRecording=settings=profile,filename="
                + options.jfr().toAbsolutePath().resolve("postdesk-" + name + ".jfr"), "-Xlog:jfr+startup=warning");
    }

    private Map<String, Object> row(String target, String db, int preloaded, int clients, LoadRun.Sent sent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", target);
        row.put("database", db);
        row.put("preloaded", preloaded);
        row.put("clients", clients);
        row.put("messages", sent.messages());
        row.put("replies", sent.replies());
        row.put("withAttachment", sent.attached());
        row.put("failures", sent.failures());
        if (sent.firstFailure() != null) {
            row.put("firstFailure", sent.firstFailure());
        }
        row.put("acceptedPerSecond", round(sent.acceptedPerSecond()));
        row.put("smtpP50Ms", ms(sent.smtpMicros().getValueAtPercentile(50)));
        row.put("smtpP99Ms", ms(sent.smtpMicros().getValueAtPercentile(99)));
        row.put("loadAverage", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return row;
    }

    /**
     * Waits for the acknowledgement of every new question; returns when the last arrived. Gives up once the
     * server's outbox is empty and nothing arrived for 10 s: a message that failed gets none, and the row
     * reports it as missing.
     */
    private long awaitAcks(ServerProcess server, LoadRun.Sent sent) throws IOException, InterruptedException {
        long last = 0;
        long progress = System.nanoTime();
        int seen = -1;
        while (true) {
            int arrived = 0;
            for (String id : sent.acceptedNew().keySet()) {
                Long at = sink.ackArrived(id);
                if (at != null) {
                    arrived++;
                    last = Math.max(last, at);
                }
            }
            if (arrived == sent.acceptedNew().size()) {
                return last;
            }
            if (arrived != seen) {
                seen = arrived;
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > 10_000_000_000L && server.stats().queued() == 0) {
                return last;
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the outbox is empty (agent notifications too), so runs do not overlap. */
    private static void awaitDrained(ServerProcess server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (server.stats().queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("smtp-sink did not listen on port " + port + " within 5 s");
    }

    private String createSchema() throws SQLException {
        String name = "pdbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(options.mariaDbUrl(), "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(withDatabase(url, "")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** {@code jdbc:mariadb://host:port/db?params} with the database replaced by {@code name}. */
    static String withDatabase(String url, String name) {
        int slash = url.indexOf('/', "jdbc:mariadb://".length());
        int query = url.indexOf('?');
        String params = query < 0 ? "" : url.substring(query);
        return (slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash)) + "/" + name
                + params;
    }

    private String runId() {
        return "r" + (++runNumber) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
