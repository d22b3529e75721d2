package org.thermosgd.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsWithUnitsInHeader() throws IOException {
        CsvTable t = CsvTable.of(CsvTable.Column.of("epoch", "1"), CsvTable.Column.of("loss", "nats/sample"));
        t.add(1, 0.5).add(2, 0.1234567890123);
        Path f = tmp.resolve("m.csv");
        t.writeAtomically(f);
        assertEquals("epoch[1],loss[nats/sample]", Files.readAllLines(f).get(0));
        CsvTable back = CsvTable.read(f);
        assertEquals(2, back.rowCount());
        assertEquals(0.1234567890123, back.number(1, "loss"));
        assertEquals("nats/sample", back.columns().get(1).unit());
    }

    @Test
    void rejectsHeaderWithoutUnitAndRaggedRows() throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "epoch,loss[nats]\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> CsvTable.read(f));
        assertTrue(e.getMessage().contains("'epoch'"), e.getMessage());
        Files.writeString(f, "epoch[1],loss[nats]\n1\n");
        e = assertThrows(IOException.class, () -> CsvTable.read(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        CsvTable t = CsvTable.of(CsvTable.Column.of("a", "1"));
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> t.add("x,y"));
    }
}
