package org.postdesk.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line is a HELP, a TYPE or a
 * sample with the grammar's metric names, label names, escaped label values and float values; every
 * sample belongs to a family whose TYPE came first; no series appears twice; a histogram's buckets
 * ascend, are cumulative and end in {@code +Inf} equal to its {@code _count}. Anything else throws,
 * naming the line.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final String VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String FLOAT = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|[-+]?Inf";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary"
            + "|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "=" + VALUE + ")(?:,"
            + LABEL + "=" + VALUE + ")*,?\\})? (" + FLOAT + ")(?: -?\\d+)?");
    private static final Pattern PAIR = Pattern.compile("(" + LABEL + ")=(" + VALUE + ")");

    /** One sample: its name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        java.util.Set<String> series = new java.util.HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            Matcher m;
            if (line.isEmpty() || HELP.matcher(line).matches()) {
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                if (parsed.types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": second TYPE for " + m.group(1));
                }
                continue;
            }
            if (line.startsWith("#")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not HELP or TYPE: " + line);
            }
            m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a sample: " + line);
            }
            String name = m.group(1);
            if (parsed.family(name) == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + name + " has no TYPE before it");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher pair = PAIR.matcher(m.group(2));
                while (pair.find()) {
                    String raw = pair.group(2);
                    labels.put(pair.group(1), raw.substring(1, raw.length() - 1).replace("\\n", "\n")
                            .replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            if (!series.add(name + labels)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": series repeated: " + name + labels);
            }
            String v = m.group(3);
            double value = v.endsWith("Inf") ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(v);
            parsed.samples.add(new Sample(name, labels, value));
        }
        parsed.checkHistograms();
        return parsed;
    }

    /** The family a sample name belongs to: itself, or without a suffix its type allows. */
    private String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> byLabels = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> rest = new HashMap<>(s.labels());
                    rest.remove("le");
                    byLabels.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
                }
            }
            if (byLabels.isEmpty()) {
                throw new IllegalArgumentException("histogram " + family + " has no buckets");
            }
            byLabels.forEach((labels, buckets) -> {
                double lastLe = Double.NEGATIVE_INFINITY;
                double lastCount = 0;
                for (Sample b : buckets) {
                    double le = b.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(b.labels().get("le"));
                    if (le <= lastLe || b.value() < lastCount) {
                        throw new IllegalArgumentException("histogram " + family + labels + ": buckets out of order"
                                + " or not cumulative at le=" + b.labels().get("le"));
                    }
                    lastLe = le;
                    lastCount = b.value();
                }
                if (lastLe != Double.POSITIVE_INFINITY || lastCount != value(family + "_count", labels)) {
                    throw new IllegalArgumentException("histogram " + family + labels + ": the +Inf bucket must come"
                            + " last and equal _count");
                }
            });
        });
    }

    String type(String family) {
        return types.get(family);
    }

    /** The value of the one sample with this name and exactly these labels; throws when there is none. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in the exposition"))
                .value();
    }

    double value(String name) {
        return value(name, Map.of());
    }
}
