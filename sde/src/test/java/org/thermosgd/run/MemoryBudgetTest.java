package org.thermosgd.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void refusalsSayTheNeedAndTheLimit() {
        String m = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.requireMemory("785,000,000"
                + " parameters", 25.1e9, 16_000_000_000L)).getMessage();
        assertEquals("785,000,000 parameters needs about 25 GB of memory, more than the 16 GB this machine has", m);
        m = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.requireHeap("x", 3.5e9,
                1_000_000_000L)).getMessage();
        assertTrue(m.contains("about 3.5 GB of Java heap, more than the 1.0 GB") && m.contains("-Xmx"), m);
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.requireHeap("x", Double.NaN, 1));
        MemoryBudget.requireMemory("y", 1e9, 2_000_000_000L);
        assertEquals("6.6 TB", MemoryBudget.size(6.6e12));
        assertEquals("512 B", MemoryBudget.size(512));
        assertTrue(MemoryBudget.physicalBytes() > 0 && MemoryBudget.heapBytes() > 0);
    }
}
