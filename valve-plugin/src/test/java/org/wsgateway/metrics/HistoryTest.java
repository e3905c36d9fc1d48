package org.wsgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void turnsCountsIntoRatesPerStepFromZeroAtTheStartAndErrorsIntoDifferences() {
        History h = new History(10, 1_000);
        assertTrue(h.since(0).isEmpty());
        h.add(6_000, 2, 50, 25, 5_000, 2_500, 3);
        h.add(11_000, 1, 50, 35, 5_000, 3_000, 3);
        List<History.Sample> samples = h.since(0);
        assertEquals(2, samples.size());
        assertEquals(new History.Sample(6_000, 2, 10.0, 5.0, 1_000.0, 500.0, 3), samples.get(0));
        assertEquals(new History.Sample(11_000, 1, 0.0, 2.0, 0.0, 100.0, 0), samples.get(1));
    }

    @Test
    void keepsTheNewestSamplesOldestFirstAndFiltersByTime() {
        History h = new History(3, 0);
        for (int i = 1; i <= 5; i++) {
            h.add(i * 1_000L, i, i, 0, 0, 0, 0);
        }
        assertEquals(List.of(3_000L, 4_000L, 5_000L), h.since(0).stream().map(History.Sample::time).toList());
        assertEquals(List.of(5_000L), h.since(4_000).stream().map(History.Sample::time).toList());
    }

    @Test
    void ignoresASampleThatDoesNotMoveForward() {
        History h = new History(3, 1_000);
        h.add(1_000, 0, 5, 0, 0, 0, 0);
        h.add(900, 0, 5, 0, 0, 0, 0);
        assertTrue(h.since(0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new History(0, 0));
    }
}
