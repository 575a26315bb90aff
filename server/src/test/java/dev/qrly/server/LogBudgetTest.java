package dev.qrly.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogBudget budget = new LogBudget(3, now::get);

    @Test
    void admit_withinTheBudget_writesEach() {
        assertEquals(0, budget.admit("bad body"));
        assertEquals(0, budget.admit("bad body"));
        assertEquals(0, budget.admit("bad body"));
    }

    @Test
    void admit_overTheBudget_suppressesUntilTheNextMinute_thenCountsWhatItLeftOut() {
        for (int i = 0; i < 3; i++) {
            budget.admit("bad body");
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(-1, budget.admit("bad body"));
        }
        now.addAndGet(59_000_000_000L);
        assertEquals(-1, budget.admit("bad body"), "still the same minute");
        now.addAndGet(1_000_000_000L);
        assertEquals(1_001, budget.admit("bad body"), "the first line of the next minute says how many were left out");
        assertEquals(0, budget.admit("bad body"));
    }

    @Test
    void admit_kindsHaveTheirOwnBudgets() {
        for (int i = 0; i < 10; i++) {
            budget.admit("bad body");
        }
        assertEquals(0, budget.admit("reset"));
    }
}
