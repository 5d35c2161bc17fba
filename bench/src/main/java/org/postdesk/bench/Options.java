package org.postdesk.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line. Defaults are the full benchmark; {@code --quick} is a short run for a busy machine.
 *
 * @param out where latest.json and latest.md go
 * @param home the Postdesk folder holding conf/ and templates/ (the repository root)
 * @param messages mails per measured run
 * @param clients the concurrent client counts to run
 * @param repeats runs per configuration; every figure reported is the median over them
 * @param mariaDbUrl a MariaDB server to run on as well (a schema is created and dropped), or null
 * @param preload tickets already in the database for the preloaded runs; 0 skips them
 * @param preloadClients the client counts of the preloaded runs
 * @param largeAttachmentMb the size of the attachment sent at 128 MB heap; 0 skips it
 * @param heap the server's -Xmx for the ordinary runs
 * @param jfr a folder for a Java Flight Recording of each server, or null for none
 * @param warmUp mails each server (and smtp-sink) gets before anything is measured
 */
record Options(Path out, Path home, int messages, List<Integer> clients, int repeats, String mariaDbUrl,
        int preload, List<Integer> preloadClients, int largeAttachmentMb, String heap, Path jfr, int warmUp) {

    static final String USAGE = """
            usage: java -jar bench/target/postdesk-bench.jar [options]
              --out DIR              results folder (default bench/results)
              --home DIR             folder with conf/ and templates/ (default .)
              --messages N           mails per run (default 2000)
              --clients 1,8,32       concurrent SMTP clients (default 1,8,32)
              --repeats N            runs per configuration, medians reported (default 3)
              --mariadb URL          also run on MariaDB, e.g. jdbc:mariadb://127.0.0.1:3306/?user=root
                                     (default: POSTDESK_BENCH_DB_URL, else H2 only)
              --preload N            tickets already in the database for the preloaded runs (default 1000000; 0: skip)
              --preload-clients 32   client counts of the preloaded runs (default 32)
              --large-mb N           attachment sent at 128 MB heap (default 50; 0: skip)
              --heap SIZE            server heap for the ordinary runs (default 512m)
              --jfr DIR              record each server with Java Flight Recorder into DIR (profile settings)
              --warm-up N            mails sent to each server before measuring (default 2000): the JIT
                                     compiles for thousands of mails, and a help desk runs for months
              --quick                --messages 300 --repeats 1 --clients 1,8,32 --preload 200000
            """;

    static Options parse(String[] args) {
        Path out = Path.of("bench/results");
        Path home = Path.of(".");
        int messages = 2000;
        List<Integer> clients = List.of(1, 8, 32);
        int repeats = 3;
        String mariaDb = System.getenv("POSTDESK_BENCH_DB_URL");
        int preload = 1_000_000;
        List<Integer> preloadClients = List.of(32);
        int largeMb = 50;
        String heap = "512m";
        Path jfr = null;
        int warmUp = 2000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                messages = 300;
                repeats = 1;
                preload = 200_000;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--home" -> home = Path.of(v);
                case "--messages" -> messages = Integer.parseInt(v);
                case "--clients" -> clients = ints(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                case "--mariadb" -> mariaDb = v;
                case "--preload" -> preload = Integer.parseInt(v);
                case "--preload-clients" -> preloadClients = ints(v);
                case "--large-mb" -> largeMb = Integer.parseInt(v);
                case "--heap" -> heap = v;
                case "--jfr" -> jfr = Path.of(v);
                case "--warm-up" -> warmUp = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new Options(out, home, messages, clients, repeats, mariaDb == null || mariaDb.isBlank() ? null
                : mariaDb.strip(), preload, preloadClients, largeMb, heap, jfr, warmUp);
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }
}
