package org.thermosgd.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
    @TempDir
    Path tmp;

    /** A held folder is refused to a second taker, who is told host, pid and since when; released, it is free. */
    @Test
    void secondTakerIsToldWhoHoldsTheFolder() throws IOException {
        Path dir = tmp.resolve("work");
        try (FolderLock first = FolderLock.acquire(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FolderLock.acquire(dir));
            assertTrue(e.getMessage().contains("is in use by another thermosgd process")
                    && e.getMessage().contains("pid " + ProcessHandle.current().pid())
                    && e.getMessage().contains("since 20"), e.getMessage());
        }
        try (FolderLock again = FolderLock.acquire(dir)) {
            assertTrue(again != null);
        }
    }
}
