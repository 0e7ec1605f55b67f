package io.genkend.journey.internal;

import io.genkend.journey.EntryRule;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journey module reads from a journey's BPMN: its triggers (message start events named
 * {@code event:<name>}), its entry rule and its exit event (process extension properties {@code entryRule} and
 * {@code exitEvent}).
 *
 * @param key       process id
 * @param name      process name or id
 * @param triggers  event names of the message start events, without {@code event:} (and {@code #...})
 * @param startMessages the full message names of those start events
 * @param entryRule the entry rule
 * @param exitEvent the exit (goal) event name, or {@code null}
 * @param catchMessages {@code event:<name>} messages that the journey waits for on the way (intermediate catch
 *                  events and receive tasks with a fixed message name), which {@link MessageBuffer} keeps when
 *                  they arrive early
 * @param eventsListened every event name the file's journeys can react to: the names of all its {@code event:}
 *                  messages (starts, catches, receive tasks, boundary events, event sub-processes; without
 *                  {@code #...}) and the exit event; {@code null} when a message name is an expression, so that
 *                  any event may matter
 */
record JourneyModel(String key, String name, List<String> triggers, List<String> startMessages,
                    EntryRule entryRule, String exitEvent, List<String> catchMessages, Set<String> eventsListened) {

    /** Prefix of message names that are events. */
    static final String EVENT = "event:";

    /**
     * @return the journey of process {@code key} in {@code model}
     * @throws IllegalArgumentException for an unknown entry rule
     */
    static JourneyModel of(BpmnModelInstance model, String key) {
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.getId().equals(key)) {
                return of(process);
            }
        }
        return new JourneyModel(key, key, List.of(), List.of(), EntryRule.REENTRY_AFTER_EXIT, null, List.of(),
                eventsListened(model, null));
    }

    /**
     * @return the event name of a start message: {@code event:Order Completed#complementary} gives
     *         {@code Order Completed}. Camunda refuses two journeys of one tenant whose start messages have the same
     *         name, so a journey that shares its trigger with another adds {@code #<anything>}.
     */
    static String eventName(String messageName) {
        String name = messageName.substring(EVENT.length());
        int hash = name.indexOf('#');
        return hash < 0 ? name : name.substring(0, hash);
    }

    static JourneyModel of(Process process) {
        List<String> triggers = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (StartEvent start : process.getChildElementsByType(StartEvent.class)) {
            for (MessageEventDefinition definition : start.getChildElementsByType(MessageEventDefinition.class)) {
                if (definition.getMessage() != null && definition.getMessage().getName() != null
                        && definition.getMessage().getName().startsWith(EVENT)) {
                    triggers.add(eventName(definition.getMessage().getName()));
                    messages.add(definition.getMessage().getName());
                }
            }
        }
        Map<String, String> properties = properties(process.getExtensionElements());
        EntryRule rule;
        try {
            rule = EntryRule.parse(properties.get("entryRule"));
        } catch (IllegalArgumentException e) {
            rule = EntryRule.REENTRY_AFTER_EXIT;
        }
        String exit = properties.get("exitEvent");
        return new JourneyModel(process.getId(), process.getName() == null ? process.getId() : process.getName(),
                List.copyOf(triggers), List.copyOf(messages), rule, exit == null || exit.isBlank() ? null : exit.trim(),
                catchMessages(process), eventsListened(process.getModelInstance(),
                        exit == null || exit.isBlank() ? null : exit.trim()));
    }

    /**
     * @return the event names of every {@code event:} message of the model (its starts, catches, receive tasks,
     *         boundary events and event sub-processes alike) plus {@code exitEvent}; {@code null} when a message
     *         name holds an expression ({@code ${...}} or {@code #{...}}) that may make it an {@code event:}
     *         message, known only at run time ({@code response:${offer}} cannot, {@code ${name}} can)
     */
    static Set<String> eventsListened(org.camunda.bpm.model.xml.ModelInstance model, String exitEvent) {
        Set<String> names = new HashSet<>();
        for (Message message : model.getModelElementsByType(Message.class)) {
            String name = message.getName();
            if (name == null) {
                continue;
            }
            int expression = expressionStart(name);
            if (expression >= 0) {
                String fixed = name.substring(0, expression);
                if (EVENT.startsWith(fixed) || fixed.startsWith(EVENT)) {
                    return null;
                }
                continue;
            }
            if (name.startsWith(EVENT)) {
                names.add(eventName(name));
            }
        }
        if (exitEvent != null) {
            names.add(exitEvent);
        }
        return Set.copyOf(names);
    }

    private static int expressionStart(String name) {
        int dollar = name.indexOf("${");
        int hash = name.indexOf("#{");
        return dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
    }

    /** @return the fixed {@code event:} message names of the process's catch events and receive tasks */
    private static List<String> catchMessages(Process process) {
        List<String> names = new ArrayList<>();
        for (IntermediateCatchEvent event : process.getModelInstance().getModelElementsByType(
                IntermediateCatchEvent.class)) {
            for (MessageEventDefinition definition : event.getChildElementsByType(MessageEventDefinition.class)) {
                addEventMessage(names, definition.getMessage());
            }
        }
        for (ReceiveTask task : process.getModelInstance().getModelElementsByType(ReceiveTask.class)) {
            addEventMessage(names, task.getMessage());
        }
        return List.copyOf(names);
    }

    /** @return the fixed {@code event:} message name of a catch element, or {@code null} */
    static String eventMessage(org.camunda.bpm.model.bpmn.instance.FlowElement element) {
        Message message = null;
        if (element instanceof ReceiveTask task) {
            message = task.getMessage();
        } else if (element instanceof IntermediateCatchEvent event) {
            for (MessageEventDefinition definition : event.getChildElementsByType(MessageEventDefinition.class)) {
                message = definition.getMessage();
            }
        }
        List<String> names = new ArrayList<>();
        addEventMessage(names, message);
        return names.isEmpty() ? null : names.get(0);
    }

    private static void addEventMessage(List<String> names, Message message) {
        String name = message == null ? null : message.getName();
        if (name != null && name.startsWith(EVENT) && !name.contains("${") && !name.contains("#{")
                && !names.contains(name)) {
            names.add(name);
        }
    }

    private static Map<String, String> properties(ExtensionElements extensions) {
        Map<String, String> values = new HashMap<>();
        if (extensions == null) {
            return values;
        }
        for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
            for (CamundaProperty property : properties.getCamundaProperties()) {
                if (property.getCamundaName() != null) {
                    values.put(property.getCamundaName(), property.getCamundaValue());
                }
            }
        }
        return values;
    }
}
