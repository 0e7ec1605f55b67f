package io.genkend.journey;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test only: a step ({@code ${flakyTestStep}}) that fails with Camunda's {@link OptimisticLockingException}, as a
 * concurrent change of the same instance does, the first few times it runs in a journey, and then succeeds.
 */
@Component("flakyTestStep")
public class FlakyTestStep implements JavaDelegate {

    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Makes the step fail its next {@code times} runs in journey {@code key}. */
    public void fail(String key, int times) {
        failuresLeft.put(key, new AtomicInteger(times));
    }

    /** @return how often the step ran in journey {@code key} (failed runs included) */
    public int calls(String key) {
        return calls.getOrDefault(key, new AtomicInteger()).get();
    }

    @Override
    public void execute(DelegateExecution execution) {
        String key = execution.getProcessDefinitionId().split(":")[0];
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = failuresLeft.get(key);
        if (left != null && left.getAndDecrement() > 0) {
            throw new OptimisticLockingException("test: a concurrent change of " + execution.getId());
        }
    }
}
