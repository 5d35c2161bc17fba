package org.postdesk.bench;

/** One line of Linux's {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}. */
record ProcStat(String comm, long cpuNanos) {

    /** The kernel's clock ticks per second for utime and stime; 100 on every Linux we run on. */
    private static final long TICK_NANOS = 10_000_000L;

    /** "pid (comm) state ..." where comm may hold spaces; utime and stime are the 12th and 13th after it. */
    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        String[] fields = line.substring(close + 2).split(" ");
        return new ProcStat(line.substring(line.indexOf('(') + 1, close),
                (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS);
    }
}
