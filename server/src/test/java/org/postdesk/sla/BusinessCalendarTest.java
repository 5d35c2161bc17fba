package org.postdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Business time across nights, weekends, holidays, lunch breaks and DST changes. */
class BusinessCalendarTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static BusinessCalendar nineToFive(ZoneId zone, LocalDate... holidays) {
        return new BusinessCalendar(zone, WEEKDAYS, List.of(BusinessCalendar.Hours.parse("09:00-17:00")),
                Set.of(holidays));
    }

    private static Instant lisbon(String local) {
        return LocalDateTime.parse(local).atZone(LISBON).toInstant();
    }

    private static Instant newYork(String local) {
        return LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
    }

    @Test
    void fourHoursFromFridayAfternoonEndMondayNoon() {
        BusinessCalendar c = nineToFive(LISBON);
        // 2026-11-27 is a Friday: one hour on Friday, three on Monday.
        assertThat(c.plus(lisbon("2026-11-27T16:00"), Duration.ofHours(4))).isEqualTo(lisbon("2026-11-30T12:00"));
        assertThat(c.elapsed(lisbon("2026-11-27T16:00"), lisbon("2026-11-30T12:00"))).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void weekendAndNightCountNothing() {
        BusinessCalendar c = nineToFive(LISBON);
        assertThat(c.elapsed(lisbon("2026-11-27T17:00"), lisbon("2026-11-30T09:00"))).isZero();
        assertThat(c.elapsed(lisbon("2026-11-24T18:00"), lisbon("2026-11-25T08:59"))).isZero();
        assertThat(c.isOpen(lisbon("2026-11-28T12:00"))).as("Saturday").isFalse();
        assertThat(c.isOpen(lisbon("2026-11-27T16:59"))).isTrue();
        assertThat(c.isOpen(lisbon("2026-11-27T17:00"))).as("the end is not working time").isFalse();
    }

    @Test
    void aHolidayIsSkippedLikeASunday() {
        BusinessCalendar c = nineToFive(LISBON, LocalDate.parse("2026-12-25"));
        // Thursday 24th 15:00 + 4h: 2h on Thursday, Friday 25th is a holiday, the weekend, 2h on Monday 28th.
        assertThat(c.plus(lisbon("2026-12-24T15:00"), Duration.ofHours(4))).isEqualTo(lisbon("2026-12-28T11:00"));
        assertThat(c.elapsed(lisbon("2026-12-24T00:00"), lisbon("2026-12-29T00:00"))).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void startingOutsideHoursStartsCountingAtTheNextOpening() {
        BusinessCalendar c = nineToFive(LISBON);
        assertThat(c.plus(lisbon("2026-11-28T10:00"), Duration.ofMinutes(30))).isEqualTo(lisbon("2026-11-30T09:30"));
        assertThat(c.plus(lisbon("2026-11-28T10:00"), Duration.ZERO)).isEqualTo(lisbon("2026-11-30T09:00"));
        assertThat(c.plus(lisbon("2026-11-24T10:00"), Duration.ZERO)).isEqualTo(lisbon("2026-11-24T10:00"));
    }

    @Test
    void anExactDayEndsAtClosingNotAtTheNextOpening() {
        BusinessCalendar c = nineToFive(LISBON);
        assertThat(c.plus(lisbon("2026-11-24T09:00"), Duration.ofHours(8))).isEqualTo(lisbon("2026-11-24T17:00"));
    }

    @Test
    void lunchBreakIsNotWorkingTime() {
        BusinessCalendar c = new BusinessCalendar(LISBON, WEEKDAYS, List.of(BusinessCalendar.Hours.parse("13:00-17:00"),
                BusinessCalendar.Hours.parse("09:00-12:00")), Set.of());
        assertThat(c.plus(lisbon("2026-11-24T11:00"), Duration.ofHours(2))).isEqualTo(lisbon("2026-11-24T14:00"));
        assertThat(c.elapsed(lisbon("2026-11-24T00:00"), lisbon("2026-11-25T00:00"))).isEqualTo(Duration.ofHours(7));
    }

    @Test
    void springForwardDayHasTwentyThreeHoursOnARoundTheClockCalendar() {
        BusinessCalendar c = new BusinessCalendar(LISBON, EnumSet.allOf(DayOfWeek.class),
                List.of(BusinessCalendar.Hours.parse("00:00-24:00")), Set.of());
        // Portugal moves 01:00 -> 02:00 on 2026-03-29.
        assertThat(c.elapsed(lisbon("2026-03-29T00:00"), lisbon("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
        assertThat(c.elapsed(lisbon("2026-10-25T00:00"), lisbon("2026-10-26T00:00"))).as("autumn")
                .isEqualTo(Duration.ofHours(25));
    }

    @Test
    void hoursSpanningTheDstGapCountRealTime() {
        BusinessCalendar c = new BusinessCalendar(NEW_YORK, EnumSet.allOf(DayOfWeek.class),
                List.of(BusinessCalendar.Hours.parse("01:00-04:00")), Set.of());
        // New York skips 02:00-03:00 on 2026-03-08: three wall-clock hours are two real ones.
        Instant open = newYork("2026-03-08T01:00");
        assertThat(c.elapsed(open, newYork("2026-03-08T05:00"))).isEqualTo(Duration.ofHours(2));
        assertThat(c.plus(open, Duration.ofHours(2))).isEqualTo(newYork("2026-03-08T04:00"));
        assertThat(c.plus(open, Duration.ofHours(3))).isEqualTo(newYork("2026-03-09T02:00"));
    }

    @Test
    void workingHoursAreWallClockAcrossTheChange() {
        BusinessCalendar c = nineToFive(LISBON);
        // The week of the autumn change still has 8 hours a day, opening at 09:00 local before and after.
        assertThat(c.elapsed(lisbon("2026-10-23T09:00"), lisbon("2026-10-26T17:00"))).isEqualTo(Duration.ofHours(16));
        assertThat(c.plus(lisbon("2026-10-23T16:00"), Duration.ofHours(2))).isEqualTo(lisbon("2026-10-26T10:00"));
    }

    @Test
    void plusAndElapsedAgreeEverywhere() {
        BusinessCalendar c = nineToFive(NEW_YORK, LocalDate.parse("2026-11-26"));
        Instant start = newYork("2026-11-20T07:13");
        for (int minutes = 0; minutes < 60 * 40; minutes += 37) {
            Instant end = c.plus(start, Duration.ofMinutes(minutes));
            assertThat(c.elapsed(start, end)).as(minutes + " minutes").isEqualTo(Duration.ofMinutes(minutes));
        }
    }

    @Test
    void backwardsIntervalIsZeroAndBadShapesAreRefused() {
        BusinessCalendar c = nineToFive(LISBON);
        assertThat(c.elapsed(lisbon("2026-11-25T12:00"), lisbon("2026-11-24T12:00"))).isZero();
        assertThatThrownBy(() -> BusinessCalendar.Hours.parse("17:00-09:00"))
                .hasMessageContaining("end before they start");
        assertThatThrownBy(() -> BusinessCalendar.Hours.parse("nine to five")).hasMessageContaining("e.g. 09:00-17:00");
        assertThatThrownBy(() -> new BusinessCalendar(LISBON, WEEKDAYS, List.of(
                BusinessCalendar.Hours.parse("09:00-13:00"), BusinessCalendar.Hours.parse("12:00-17:00")), Set.of()))
                .hasMessageContaining("overlap");
    }
}
