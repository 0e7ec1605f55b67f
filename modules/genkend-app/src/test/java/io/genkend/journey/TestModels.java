package io.genkend.journey;

/** Small journey models written for tests (BPMN XML). */
public final class TestModels {

    private TestModels() {
    }

    /**
     * A journey started by {@code event:<trigger>} that waits at a user task {@code work} (group {@code service})
     * and ends when it is completed.
     */
    public static byte[] waitingJourney(String key, String trigger, String entryRule, String exitEvent) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:extensionElements><camunda:properties>
                      <camunda:property name="entryRule" value="%3$s"/>
                      <camunda:property name="exitEvent" value="%4$s"/>
                    </camunda:properties></bpmn:extensionElements>
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                    <bpmn:userTask id="work" name="Work" camunda:candidateGroups="service"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger, entryRule, exitEvent).getBytes();
    }

    /**
     * A journey started by {@code event:<trigger>} that waits for {@code event:<caught>} at an intermediate catch
     * event {@code wait} (when {@code caught} is not {@code null}; else at a user task {@code wait}).
     */
    public static byte[] catchingJourney(String key, String trigger, String caught) {
        String waitElement = caught == null
                ? "<bpmn:userTask id=\"wait\" camunda:candidateGroups=\"service\"/>"
                : "<bpmn:intermediateCatchEvent id=\"wait\"><bpmn:messageEventDefinition messageRef=\"c_" + key
                + "\"/></bpmn:intermediateCatchEvent>";
        String caughtMessage = caught == null ? "" : "<bpmn:message id=\"c_" + key + "\" name=\"event:" + caught
                + "\"/>";
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  %3$s
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
                    %4$s
                    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger, caughtMessage, waitElement).getBytes();
    }

    /**
     * A journey started by {@code event:<trigger>} that first waits at a user task {@code work} (group
     * {@code service}), then for {@code event:<caught>} at an intermediate catch event {@code wait}.
     */
    public static byte[] taskThenCatchJourney(String key, String trigger, String caught) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:message id="c_%1$s" name="event:%3$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                    <bpmn:userTask id="work" name="Work" camunda:candidateGroups="service"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="wait"/>
                    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="c_%1$s"/>
                    </bpmn:intermediateCatchEvent>
                    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger, caught).getBytes();
    }

    /** A journey whose start fails at once (its gateway reads a variable nobody sets). */
    public static byte[] brokenJourney(String key, String trigger) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="choose"/>
                    <bpmn:exclusiveGateway id="choose"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="choose" targetRef="end">
                      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${nobodySetsThis == 1}</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:sequenceFlow id="f3" sourceRef="choose" targetRef="end">
                      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${nobodySetsThis == 2}</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger).getBytes();
    }

    /**
     * A journey started by {@code event:<trigger>} that forks: the first branch creates a user task {@code work}
     * (a wait, so {@code TaskCreated} is published in the start's transaction), the second reaches a gateway with
     * no way out, so the start fails after the task was created.
     */
    public static byte[] taskThenBrokenJourney(String key, String trigger) {
        String broken = new String(brokenJourney(key, trigger), java.nio.charset.StandardCharsets.UTF_8);
        String straight = "<bpmn:sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"choose\"/>";
        if (!broken.contains(straight)) {
            throw new IllegalStateException("brokenJourney no longer starts with " + straight);
        }
        return broken.replace(straight, """
                <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork"/>
                    <bpmn:parallelGateway id="fork"/>
                    <bpmn:sequenceFlow id="toWork" sourceRef="fork" targetRef="work"/>
                    <bpmn:userTask id="work" name="Work" camunda:candidateGroups="service"/>
                    <bpmn:sequenceFlow id="workDone" sourceRef="work" targetRef="end"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="choose"/>""")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A journey started by {@code event:<trigger>} whose first step ({@link FlakyTestStep}, in the start's
     * transaction) fails as a concurrent change would, as often as the test says; then it waits at a user task
     * {@code work}.
     */
    public static byte[] flakyJourney(String key, String trigger) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:extensionElements><camunda:properties>
                      <camunda:property name="entryRule" value="any-time"/>
                    </camunda:properties></bpmn:extensionElements>
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="flaky"/>
                    <bpmn:serviceTask id="flaky" camunda:delegateExpression="${flakyTestStep}"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="flaky" targetRef="work"/>
                    <bpmn:userTask id="work" name="Work" camunda:candidateGroups="service"/>
                    <bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger).getBytes();
    }

    /** A journey started by {@code event:<trigger>} with a service task that has a required form field. */
    public static byte[] formJourney(String key, String trigger) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="callCustomer"/>
                    <bpmn:userTask id="callCustomer" name="Call the customer" camunda:candidateGroups="service"
                        camunda:dueDate="${journeyTime.inDays(-1)}">
                      <bpmn:extensionElements><camunda:formData>
                        <camunda:formField id="outcome" label="Outcome" type="string">
                          <camunda:validation><camunda:constraint name="required"/></camunda:validation>
                        </camunda:formField>
                        <camunda:formField id="minutes" label="Minutes" type="long"/>
                      </camunda:formData></bpmn:extensionElements>
                    </bpmn:userTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="callCustomer" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger).getBytes();
    }

    /** A journey with one async hop: start, an async step (notify staff), then a wait at {@code wait}. */
    public static byte[] oneHop(String key) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="never" name="event:never"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step"/>
                    <bpmn:serviceTask id="step" camunda:asyncBefore="true" camunda:delegateExpression="${notifyStaff}">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="message">hop</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="wait"/>
                    <bpmn:receiveTask id="wait" messageRef="never"/>
                    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key).getBytes();
    }

    /**
     * A journey started by {@code event:<trigger>} at any time and ended (converted) by the same event, with an
     * async step right after the start: the next event of the customer deletes the instance while the job executor
     * may be running its step, as a grocer basket does with the replenishment journey.
     */
    public static byte[] busyJourney(String key, String trigger) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%2$s"/>
                  <bpmn:message id="never" name="event:never"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:extensionElements><camunda:properties>
                      <camunda:property name="entryRule" value="any-time"/>
                      <camunda:property name="exitEvent" value="%2$s"/>
                    </camunda:properties></bpmn:extensionElements>
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step"/>
                    <bpmn:serviceTask id="step" camunda:asyncBefore="true" camunda:delegateExpression="${notifyStaff}">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="message">busy</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="step2"/>
                    <bpmn:serviceTask id="step2" camunda:asyncBefore="true" camunda:delegateExpression="${notifyStaff}">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="message">busy again</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="f3" sourceRef="step2" targetRef="wait"/>
                    <bpmn:receiveTask id="wait" messageRef="never"/>
                    <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, trigger).getBytes();
    }
}
