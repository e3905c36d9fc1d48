package org.wsgateway.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed ring of samples of one API's figures (an hour at the sampling step), turned into rates between
 * consecutive samples. Written by the sampler thread, read by the admin: both under the ring's lock, a few
 * hundred bytes copied per read.
 */
public final class History {

    /**
     * One step of an API's life.
     *
     * @param time                 when the step ended, in epoch milliseconds
     * @param connections          sessions open at that moment
     * @param messagesInPerSecond  messages from clients per second over the step
     * @param messagesOutPerSecond messages to clients per second over the step
     * @param bytesInPerSecond     payload bytes from clients per second over the step
     * @param bytesOutPerSecond    payload bytes to clients per second over the step
     * @param errors               refused handshakes, backend errors and policy closes during the step
     */
    public record Sample(long time, long connections, double messagesInPerSecond, double messagesOutPerSecond,
            double bytesInPerSecond, double bytesOutPerSecond, long errors) {
    }

    private final Sample[] ring;
    private int next;
    private int size;
    /** The counts at the previous sample (at first: zeros at the start), to take differences from. */
    private long lastTime;
    private long lastIn;
    private long lastOut;
    private long lastBytesIn;
    private long lastBytesOut;
    private long lastErrors;

    /**
     * @param capacity  how many samples it keeps
     * @param startTime when the counts were all zero (the metrics were made), epoch milliseconds
     */
    History(int capacity, long startTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history holds at least one sample, not " + capacity);
        }
        ring = new Sample[capacity];
        lastTime = startTime;
    }

    /** Records the counts now: one sample of what happened since the last one. */
    synchronized void add(long time, long connections, long messagesIn, long messagesOut, long bytesIn,
            long bytesOut, long errors) {
        if (time <= lastTime) {
            return;
        }
        double seconds = (time - lastTime) / 1000.0;
        ring[next] = new Sample(time, connections, (messagesIn - lastIn) / seconds, (messagesOut - lastOut) / seconds,
                (bytesIn - lastBytesIn) / seconds, (bytesOut - lastBytesOut) / seconds, errors - lastErrors);
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        lastTime = time;
        lastIn = messagesIn;
        lastOut = messagesOut;
        lastBytesIn = bytesIn;
        lastBytesOut = bytesOut;
        lastErrors = errors;
    }

    /** The samples taken after {@code fromMillis}, oldest first. */
    public synchronized List<Sample> since(long fromMillis) {
        List<Sample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Sample s = ring[(next - size + i + ring.length) % ring.length];
            if (s.time() > fromMillis) {
                samples.add(s);
            }
        }
        return samples;
    }
}
