package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JobsTest {
    /** Makespans in run-lengths of equal runs time-sharing the cores, and the count of runs at a time chosen. */
    @Test
    void choosesTheCountThatFinishesSoonest() {
        assertEquals(2.0, Schedule.makespan(3, 2, 2));
        assertEquals(1.5, Schedule.makespan(3, 2, 3));
        assertEquals(2.5, Schedule.makespan(5, 2, 3));
        assertEquals(3, Schedule.jobsFor(3, 2));
        assertEquals(2, Schedule.jobsFor(4, 2));
        assertEquals(3, Schedule.jobsFor(5, 2));
        assertEquals(2, Schedule.jobsFor(20, 2));
        assertEquals(1, Schedule.jobsFor(1, 2));
        assertEquals(1, Schedule.jobsFor(7, 1));
        assertEquals(8, Schedule.jobsFor(8, 8));
        assertThrows(IllegalArgumentException.class, () -> Schedule.jobsFor(0, 2));
    }
}
