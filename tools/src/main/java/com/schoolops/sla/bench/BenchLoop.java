package com.schoolops.sla.bench;

import java.util.function.LongConsumer;

/** Load of the benchmark's own (a fleet beating, a service desk): work run every {@code periodMs} on a daemon thread until closed. */
final class BenchLoop implements AutoCloseable {
    private final Thread thread;

    /** @param work given the wall-clock time of each round */
    BenchLoop(String name, long periodMs, LongConsumer work) {
        thread = new Thread(() -> {
            long next = System.currentTimeMillis();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    work.accept(System.currentTimeMillis());
                    next += periodMs;
                    Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                }
            } catch (InterruptedException stopped) {
                // the measurement is over
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}
