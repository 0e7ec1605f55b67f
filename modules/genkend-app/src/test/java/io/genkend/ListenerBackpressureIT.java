package io.genkend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.genkend.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The listeners' executor holds a bounded queue and, when it is full, runs the next task on the caller's thread
 * instead of rejecting it ({@link ListenerBackpressure}).
 */
@IntegrationTest
class ListenerBackpressureIT {

    @Autowired @Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor executor;

    @Test
    void aFullQueueRunsTheTaskOnTheCallersThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(executor.getMaxPoolSize());
        try {
            for (int i = 0; i < executor.getMaxPoolSize(); i++) {
                executor.execute(() -> {
                    busy.countDown();
                    await(release);
                });
            }
            assertThat(busy.await(30, TimeUnit.SECONDS)).as("every pool thread is blocked").isTrue();
            int free = executor.getThreadPoolExecutor().getQueue().remainingCapacity();
            assertThat(free).as("the queue is bounded").isLessThanOrEqualTo(10_000);
            for (int i = 0; i < free; i++) {
                executor.execute(() -> { });
            }
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            executor.execute(() -> ranOn.set(Thread.currentThread()));
            assertThat(ranOn.get()).as("the task ran at once, on this thread").isSameAs(Thread.currentThread());
        } finally {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
