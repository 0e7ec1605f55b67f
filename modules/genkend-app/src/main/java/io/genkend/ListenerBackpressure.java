package io.genkend;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Back-pressure for the asynchronous application-module listeners (Spring Modulith's
 * {@code @ApplicationModuleListener} runs on Spring Boot's {@code applicationTaskExecutor}). Boot's default queue is
 * unbounded, so a burst of accepted events could queue listener calls in memory without limit while ingest answers
 * faster than the journeys follow. {@code spring.task.execution.pool.queue-capacity} and {@code max-size} in
 * application.yml bound it; when it is full, the thread that committed the event runs the listener itself
 * ({@link ThreadPoolExecutor.CallerRunsPolicy}), which slows ingest down to the listeners' pace instead of
 * dropping the call (a dropped call would leave its publication incomplete until the next restart).
 */
@Configuration(proxyBeanMethods = false)
class ListenerBackpressure {

    /**
     * Makes a full listener queue run the task on the submitting thread.
     *
     * @return the customizer Spring Boot applies to its task executor after the {@code spring.task.execution}
     *         properties
     */
    @Bean
    ThreadPoolTaskExecutorCustomizer callerRunsWhenListenerQueueIsFull() {
        return executor -> executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
