package org.postdesk.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.postdesk.Postdesk;
import org.postdesk.conf.ByteSize;
import org.postdesk.conf.ConfLoader;
import org.postdesk.conf.Config;
import org.postdesk.conf.SmtpSettings;
import org.postdesk.store.OutboxMapper;

/**
 * The system under test, in a JVM of its own so that its CPU time, heap and RSS are Postdesk's alone and
 * not the load generator's. Started by {@link ServerProcess}; answers one line per command on stdin:
 * {@code STATS} (a JSON line), {@code RESET} (peaks), {@code QUIT}.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_DATA", args[1]);
        env.put("POSTDESK_SMTP_PORT", "0");
        env.put("POSTDESK_SMTP_BIND", "127.0.0.1");
        env.put("POSTDESK_RELAY_HOST", "127.0.0.1");
        env.put("POSTDESK_RELAY_PORT", args[2]);
        env.put("POSTDESK_SECRET", "bench-secret-0123456789abcdef");
        if (args.length > 3) {
            env.put("POSTDESK_DB_URL", args[3]);
        }
        Config config = new ConfLoader().load(Path.of(args[0]), env);
        // The 50 MB attachment case needs more than the shipped 25 MB limit, and the load generator is one
        // address sending as fast as it can: no per-IP limits.
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", 0, ByteSize.parse("100MB"));
        config = config.withSmtp(smtp.withLimits(smtp.maxRecipients(), 0, 0, smtp.idleTimeout(),
                smtp.sessionTimeout()));
        try (Postdesk postdesk = Postdesk.open(config, Clock.systemUTC()).start()) {
            System.out.println("READY " + postdesk.smtpPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
                if (line.equals("STATS")) {
                    long queued = postdesk.database().inTransaction(s -> s.getMapper(OutboxMapper.class).queued());
                    VmThreadsCpu.Split vm = VmThreadsCpu.read();
                    System.out.println("{\"cpuNanos\":" + cpuNanos() + ",\"jitNanos\":" + vm.jitNanos()
                            + ",\"gcNanos\":" + vm.gcNanos() + ",\"heapPeakBytes\":" + heapPeak()
                            + ",\"vmHwmKb\":" + procStatus("VmHWM") + ",\"queued\":" + queued + "}");
                } else if (line.equals("RESET")) {
                    System.gc();
                    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                    // Linux: writing 5 to clear_refs resets VmHWM to the current RSS.
                    try {
                        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
                    } catch (IOException e) {
                        System.err.println("cannot reset VmHWM: " + e.getMessage());
                    }
                    System.out.println("OK");
                }
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** A {@code kB} value from {@code /proc/self/status}, or -1 where there is none (not Linux). */
    static long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
