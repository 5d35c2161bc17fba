package org.postdesk.report;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Median, 90th percentile and mean of a set of durations; all null when the set is empty.
 *
 * <p>The median of an even count is the mean of the two middle values; the 90th percentile is the
 * nearest rank (the value at position ceil(0.9 n) of the sorted list), so it is always a time that
 * really happened.
 */
public record DurationStats(int count, Duration median, Duration p90, Duration mean) {

    public static final DurationStats EMPTY = new DurationStats(0, null, null, null);

    public static DurationStats of(List<Duration> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        List<Duration> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        Duration median = n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
        Duration p90 = sorted.get((int) Math.ceil(0.9 * n) - 1);
        Duration total = sorted.stream().reduce(Duration.ZERO, Duration::plus);
        return new DurationStats(n, median, p90, total.dividedBy(n));
    }
}
