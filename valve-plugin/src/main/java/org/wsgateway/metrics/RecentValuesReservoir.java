package org.wsgateway.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformSnapshot;

/**
 * The last {@value #SIZE} values, for histograms updated on every message: an update is one atomic increment and one
 * store, where an exponentially decaying reservoir reads the clock, draws a random number and may insert into a skip
 * list. The quantiles describe the most recent messages, whatever their rate.
 */
final class RecentValuesReservoir implements Reservoir {

    static final int SIZE = 1028;

    private final AtomicLongArray values = new AtomicLongArray(SIZE);
    private final AtomicLong count = new AtomicLong();

    @Override
    public int size() {
        return (int) Math.min(count.get(), SIZE);
    }

    @Override
    public void update(long value) {
        values.set((int) (count.getAndIncrement() % SIZE), value);
    }

    @Override
    public Snapshot getSnapshot() {
        int n = size();
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = values.get(i);
        }
        return new UniformSnapshot(copy);
    }
}
