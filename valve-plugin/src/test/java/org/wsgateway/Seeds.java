package org.wsgateway;

import java.util.Random;
import java.util.function.Consumer;

/** Property checks on seeded randomness: the same tries every run, and a failure names the seed that broke it. */
public final class Seeds {

    private Seeds() {
    }

    /** Checks {@code property} on {@code tries} seeds, each with a random source of its own. */
    public static void forEach(int tries, Consumer<Random> property) {
        for (long seed = 1; seed <= tries; seed++) {
            try {
                property.accept(new Random(seed * 0x9E3779B97F4A7C15L));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }
}
