package org.postdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The results: every run, the medians per configuration, and the ratios the issue asks for. */
final class Report {

    /** The figures a median is taken of; the rest of a row names its configuration. */
    private static final List<String> FIGURES = List.of("acceptedPerSecond", "smtpP50Ms", "smtpP99Ms", "ackP50Ms",
            "ackP99Ms", "endToEndPerSecond", "cpuSecondsPer1000", "jitCpuSecondsPer1000", "gcCpuSecondsPer1000",
            "dbServerCpuSecondsPer1000", "heapPeakMb", "rssPeakMb", "failures", "acksMissing", "replies",
            "withAttachment", "loadAverage");

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Map<String, Object>> medians;
    private final List<Map<String, Object>> preloadRatios = new ArrayList<>();
    private final Map<String, Object> large;
    private final List<String> notes;
    private final Options options;
    private final Map<String, Object> machine = new LinkedHashMap<>();

    Report(Options options, List<Map<String, Object>> runs, Map<String, Object> large, List<String> notes,
            double loadBefore, double loadAfter, long seconds) {
        this.options = options;
        this.large = large;
        this.notes = notes;
        this.medians = medians(runs);
        for (Map<String, Object> m : medians) {
            Object sinkRate = medians.stream().filter(s -> s.get("target").equals("smtp-sink")
                    && s.get("clients").equals(m.get("clients"))).map(s -> s.get("acceptedPerSecond"))
                    .findFirst().orElse(null);
            if (sinkRate != null && m.get("target").equals("postdesk")) {
                m.put("ratioToSmtpSink", ratio((Double) m.get("acceptedPerSecond"), (Double) sinkRate));
            }
        }
        for (Map<String, Object> loaded : medians) {
            if (!loaded.get("target").equals("postdesk") || (int) loaded.get("preloaded") == 0) {
                continue;
            }
            medians.stream().filter(e -> e.get("target").equals("postdesk") && (int) e.get("preloaded") == 0
                    && e.get("database").equals(loaded.get("database")) && e.get("clients").equals(loaded.get("clients")))
                    .findFirst().ifPresent(empty -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("database", loaded.get("database"));
                        r.put("clients", loaded.get("clients"));
                        r.put("preloaded", loaded.get("preloaded"));
                        r.put("acceptedPerSecondEmpty", empty.get("acceptedPerSecond"));
                        r.put("acceptedPerSecondPreloaded", loaded.get("acceptedPerSecond"));
                        r.put("ratio", ratio((Double) loaded.get("acceptedPerSecond"),
                                (Double) empty.get("acceptedPerSecond")));
                        preloadRatios.add(r);
                    });
        }
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("loadAverageBefore", Benchmark.round(loadBefore));
        machine.put("loadAverageAfter", Benchmark.round(loadAfter));
        machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        json.put("when", Instant.now().toString());
        json.put("seconds", seconds);
        json.put("machine", machine);
        json.put("options", Map.of("messages", options.messages(), "clients", options.clients(), "repeats",
                options.repeats(), "preload", options.preload(), "preloadClients", options.preloadClients(),
                "largeAttachmentMb", options.largeAttachmentMb(), "heap", options.heap(), "mariadb",
                options.mariaDbUrl() != null));
        json.put("medians", medians);
        json.put("preloadRatios", preloadRatios);
        json.put("largeAttachment", large);
        json.put("notes", notes);
        json.put("runs", runs);
    }

    void write(Path out) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("latest.json").toFile(),
                json);
        Files.writeString(out.resolve("latest.md"), markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Postdesk benchmark\n\n")
                .append(json.get("when")).append(", ").append(machine.get("cores")).append(" cores, ")
                .append(machine.get("java")).append(", load average ").append(machine.get("loadAverageBefore"))
                .append(" before and ").append(machine.get("loadAverageAfter")).append(" after; ")
                .append(options.messages()).append(" mails per run (70 % new, 30 % replies, 10 % with 100 KB"
                        + " attachments), a new connection per mail, after ").append(options.warmUp())
                .append(" warm-up mails per server, median of ").append(options.repeats())
                .append(" run(s); took ").append(json.get("seconds")).append(" s.\n\n")
                .append("| target | database | tickets before | clients | accepted/s | × smtp-sink | SMTP p50 ms"
                        + " | SMTP p99 ms | ack p50 ms | ack p99 ms | end-to-end/s | CPU s/1000 | of it JIT"
                        + " | of it GC | MariaDB server CPU s/1000 | heap MB | RSS MB | failed |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:"
                        + " | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> m : medians) {
            md.append("| ").append(m.get("target")).append(" | ").append(m.get("database")).append(" | ")
                    .append(m.get("preloaded")).append(" | ").append(m.get("clients")).append(" | ")
                    .append(cells(m, "acceptedPerSecond", "ratioToSmtpSink", "smtpP50Ms", "smtpP99Ms", "ackP50Ms",
                            "ackP99Ms", "endToEndPerSecond", "cpuSecondsPer1000", "jitCpuSecondsPer1000",
                            "gcCpuSecondsPer1000", "dbServerCpuSecondsPer1000", "heapPeakMb", "rssPeakMb",
                            "failures"))
                    .append("\n");
        }
        if (!preloadRatios.isEmpty()) {
            md.append("\nRate with tickets already in the database, against the empty database (the issue allows"
                    + " no more than a 10 % drop, a ratio of 0.9):\n\n| database | clients | tickets | empty/s |"
                    + " preloaded/s | ratio |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (Map<String, Object> r : preloadRatios) {
                md.append("| ").append(r.get("database")).append(" | ").append(r.get("clients")).append(" | ")
                        .append(r.get("preloaded")).append(" | ").append(r.get("acceptedPerSecondEmpty")).append(" | ")
                        .append(r.get("acceptedPerSecondPreloaded")).append(" | ").append(r.get("ratio")).append(" |\n");
            }
        }
        if (large != null) {
            md.append("\nOne ").append(large.get("attachmentMb")).append(" MB attachment at ").append(large.get("heap"))
                    .append(" heap (H2): ").append(Boolean.TRUE.equals(large.get("accepted")) ? "accepted in "
                            + large.get("smtpSeconds") + " s, acknowledged after " + large.get("ackSeconds") + " s"
                            : "REFUSED: " + large.get("error"))
                    .append("; peak heap ").append(large.get("heapPeakMb")).append(" MB, peak RSS ")
                    .append(large.get("rssPeakMb")).append(" MB.\n");
        }
        md.append("\nHeap is the sum of the heap pools' peaks; RSS is VmHWM of the server's own JVM; CPU is that"
                + " JVM's process CPU time, until its outbox was empty; of it, JIT and GC are the CPU time of the"
                + " JVM's compiler and collector threads. H2 works inside that JVM; MariaDB in a server of its own,"
                + " whose CPU on the same cores is its own column (when it runs on this machine). Each client sends its"
                + " next mail when the last one is answered, so a run's mean SMTP latency is clients ÷ accepted/s"
                + " (Little's law): a p99 under 50 ms at 32 clients takes well over 640 accepted/s. Ack latency runs"
                + " from the client's 250 to the acknowledgement's arrival at the relay sink; end-to-end/s counts"
                + " until the last one arrived.\n");
        for (String note : notes) {
            md.append("\n- ").append(note);
        }
        return md.append('\n').toString();
    }

    private static String cells(Map<String, Object> m, String... keys) {
        List<String> cells = new ArrayList<>();
        for (String k : keys) {
            Object v = m.get(k);
            cells.add(v == null ? "–" : String.valueOf(v));
        }
        return String.join(" | ", cells) + " |";
    }

    private static List<Map<String, Object>> medians(List<Map<String, Object>> runs) {
        Map<List<Object>, List<Map<String, Object>>> groups = runs.stream().collect(Collectors.groupingBy(
                r -> List.of(r.get("target"), r.get("database"), r.get("preloaded"), r.get("clients")),
                LinkedHashMap::new, Collectors.toList()));
        List<Map<String, Object>> medians = new ArrayList<>();
        groups.forEach((key, rows) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", key.get(0));
            m.put("database", key.get(1));
            m.put("preloaded", key.get(2));
            m.put("clients", key.get(3));
            m.put("runs", rows.size());
            for (String f : FIGURES) {
                List<Double> values = rows.stream().map(r -> r.get(f)).filter(Objects::nonNull)
                        .map(v -> ((Number) v).doubleValue()).sorted().toList();
                if (!values.isEmpty()) {
                    int n = values.size();
                    m.put(f, Benchmark.round(n % 2 == 1 ? values.get(n / 2)
                            : (values.get(n / 2 - 1) + values.get(n / 2)) / 2));
                }
            }
            medians.add(m);
        });
        return medians;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : Math.round(a / b * 100) / 100.0;
    }
}
