package org.postdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.postdesk.conf.DatabaseSettings;
import org.postdesk.store.Database;
import org.postdesk.ticket.TicketFilter;
import org.postdesk.ticket.TicketQueries;
import org.postdesk.ticket.TicketView;
import org.postdesk.ticket.Viewer;

/**
 * Text search latency ({@code ticket list --text}) on a preloaded database, as the CLI runs it: the first
 * 100 tickets in attention order. Two words: one in a single message (a ticket number that
 * {@link Preload} writes into one body), which the index finds, and one in every message ("printer"), for
 * which the list walks tickets in its order and checks each until it has 100 (see {@code CommonWords}).
 * Each is run {@value #RUNS} times after one unmeasured run; the median is reported.
 *
 * <p>Part of the full benchmark (after each preload), or alone:
 * <pre>java -cp bench/target/postdesk-bench.jar org.postdesk.bench.SearchBench --preload 200000 \
 *     [--mariadb jdbc:mariadb://127.0.0.1:3306/?user=root] [--skip-h2 true] [--out bench/results]</pre>
 * which preloads a fresh H2 and MariaDB itself and writes {@code latest-search.json} and {@code .md}.
 */
public final class SearchBench {

    static final int RUNS = 7;
    private static final int LIMIT = 100;
    static final String COMMON = "printer";

    private SearchBench() {
    }

    /** The median latency of a rare and of a common word over {@code database} holding {@code preloaded} tickets. */
    static Map<String, Object> measure(Database database, String db, int preloaded) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("database", db);
        row.put("messages", preloaded);
        String rare = String.valueOf(preloaded / 2 + 1);
        TicketQueries queries = new TicketQueries(database);
        for (String[] word : new String[][] {{"rare", rare}, {"common", COMMON}}) {
            TicketFilter filter = TicketFilter.where().text(word[1]).build();
            int found = queries.list(filter, Viewer.admin(), LIMIT).size();
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                List<TicketView> hits = queries.list(filter, Viewer.admin(), LIMIT);
                ms.add((System.nanoTime() - t0) / 1e6);
                found = hits.size();
            }
            ms.sort(null);
            row.put(word[0] + "Word", word[1]);
            row.put(word[0] + "Shown", found);
            row.put(word[0] + "MedianMs", Benchmark.round(ms.get(RUNS / 2)));
            row.put(word[0] + "MaxMs", Benchmark.round(ms.get(RUNS - 1)));
        }
        row.put("loadAverage", Benchmark.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.err.println("[bench] text search: " + row);
        return row;
    }

    /** The Markdown paragraph and table of {@code rows}. */
    static String markdown(List<Map<String, Object>> rows) {
        StringBuilder md = new StringBuilder("\nText search (`ticket list --text WORD`, first " + LIMIT
                + " tickets in attention order), median of " + RUNS + " runs after one unmeasured:\n\n"
                + "| database | messages | rare word | ms | shown | common word | ms | shown | load |\n"
                + "| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |\n");
        for (Map<String, Object> r : rows) {
            md.append("| ").append(r.get("database")).append(" | ").append(r.get("messages")).append(" | ")
                    .append(r.get("rareWord")).append(" | ").append(r.get("rareMedianMs")).append(" | ")
                    .append(r.get("rareShown")).append(" | ").append(r.get("commonWord")).append(" | ")
                    .append(r.get("commonMedianMs")).append(" | ").append(r.get("commonShown")).append(" | ")
                    .append(r.get("loadAverage")).append(" |\n");
        }
        return md.toString();
    }

    /** Adds {@code rows} to a written report: {@code textSearch} in the JSON, a table in the Markdown. */
    static void addTo(Path out, String name, List<Map<String, Object>> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path json = out.resolve(name + ".json");
        ObjectNode report = Files.exists(json) ? (ObjectNode) mapper.readTree(json.toFile())
                : mapper.createObjectNode();
        report.set("textSearch", mapper.valueToTree(rows));
        mapper.writeValue(json.toFile(), report);
        Path md = out.resolve(name + ".md");
        Files.writeString(md, (Files.exists(md) ? Files.readString(md) : "# Postdesk text search\n")
                + markdown(rows));
    }

    public static void main(String[] args) throws Exception {
        int preload = 200_000;
        String mariaDb = System.getenv("POSTDESK_BENCH_DB_URL");
        Path out = Path.of("bench/results");
        boolean h2 = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--preload" -> preload = Integer.parseInt(args[i + 1]);
                case "--mariadb" -> mariaDb = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                case "--skip-h2" -> h2 = !Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --preload N, --mariadb URL, --skip-h2 true, --out DIR");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (h2) {
            rows.add(preloadAndMeasure("h2", null, preload));
        }
        if (mariaDb != null && !mariaDb.isBlank()) {
            rows.add(preloadAndMeasure("mariadb", mariaDb.strip(), preload));
        }
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("latest-search.json"));
        Files.writeString(out.resolve("latest-search.md"), "# Postdesk text search\n\n" + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ".\n");
        addTo(out, "latest-search", rows);
        System.out.println(Files.readString(out.resolve("latest-search.md")));
    }

    private static Map<String, Object> preloadAndMeasure(String db, String server, int preload) throws Exception {
        Path data = Files.createTempDirectory("postdesk-search-" + db);
        String schema = server == null ? null
                : "pdsearch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            if (schema != null) {
                execute(server, "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            DatabaseSettings settings = schema == null ? DatabaseSettings.defaults()
                    : new DatabaseSettings(Benchmark.withDatabase(server, schema), "", "", 2);
            try (Database database = Database.open(settings, data)) {
                long t0 = System.nanoTime();
                Preload.load(database.dataSource(), preload, schema == null);
                System.err.printf("[bench] preloaded %d tickets into %s in %.0f s%n", preload, db,
                        (System.nanoTime() - t0) / 1e9);
                return measure(database, db, preload);
            }
        } finally {
            if (schema != null) {
                execute(server, "DROP DATABASE IF EXISTS " + schema);
            }
            try (var paths = Files.walk(data)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(Benchmark.withDatabase(url, ""));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
