package org.wsgateway.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentValuesReservoirTest {

    @Test
    void holdsWhatCameWhileNotFull() {
        RecentValuesReservoir r = new RecentValuesReservoir();
        r.update(30);
        r.update(10);
        r.update(20);
        assertEquals(3, r.size());
        assertArrayEquals(new long[] {10, 20, 30}, r.getSnapshot().getValues());
        assertEquals(20, r.getSnapshot().getMedian());
    }

    @Test
    void keepsOnlyTheMostRecentValues() {
        RecentValuesReservoir r = new RecentValuesReservoir();
        for (int i = 0; i < RecentValuesReservoir.SIZE; i++) {
            r.update(1);
        }
        for (int i = 0; i < RecentValuesReservoir.SIZE; i++) {
            r.update(1000 + i);
        }
        assertEquals(RecentValuesReservoir.SIZE, r.size());
        assertEquals(1000, r.getSnapshot().getMin(), "every older value was replaced");
        assertEquals(1000 + RecentValuesReservoir.SIZE - 1, r.getSnapshot().getMax());
    }
}
