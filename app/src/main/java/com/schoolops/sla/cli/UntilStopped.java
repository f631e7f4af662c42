package com.schoolops.sla.cli;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/** A long-running command's life after start: it runs until SIGTERM or Ctrl-C, then closes within its timeout and says how it went. */
final class UntilStopped {
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Registers the shutdown: {@code close} is given the timeout and answers whether everything closed in time;
     * {@code after} runs last (e.g. the console).
     */
    UntilStopped(Logger log, String thread, String closing, Duration timeout, Predicate<Duration> close, Runnable after) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutdown requested: {}", closing);
            boolean clean = close.test(timeout);
            log.info(clean ? "Stopped cleanly" : "Stopped, but not everything closed within " + timeout.toSeconds() + " s");
            after.run();
            stopped.countDown();
        }, thread));
    }

    void await() throws InterruptedException {
        stopped.await();
    }
}
