package io.genkend.journey.internal;

import io.genkend.journey.Journeys.Finding;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings the engine's parser does not report. Errors refuse the model: a <b>timer, signal or conditional start
 * event</b> of a process (not of an event subprocess), which would start instances on a clock, a broadcast signal
 * or a condition, without a customer, while every Genkend journey instance belongs to one customer (its business
 * key) and starts on that customer's event; and a model <b>without an executable process</b>, which the engine
 * deploys as an empty deployment.
 * The others would fail at run time: a
 * {@code camunda:delegateExpression} whose bean does not exist, a {@code camunda:class} that is not on the class
 * path, any script (script task, {@code camunda:script} of a listener or input/output mapping, a condition with a
 * {@code language}): no script runs in a journey ({@code JourneyEnginePlugin.NoScripts}). Those are warnings: the model still deploys (models
 * from elsewhere must be deployable and shown), and the finding says which step would fail. Every finding carries
 * the line of its element in the XML when the element has an {@code id}.
 */
@Component
class ModelLinter {

    static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    /** The namespace older Camunda models use for the same extensions. */
    static final String ACTIVITI_NS = "http://activiti.org/bpmn";
    private static final Pattern BEAN = Pattern.compile("^[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");
    /** An {@code id} attribute of any element, with either quote. */
    private static final Pattern ID = Pattern.compile("\\sid\\s*=\\s*([\"'])([^\"']*)\\1");

    /** The error of a process's timer start event (see the class comment). */
    static final String TIMER_START = "A timer start event starts instances without a customer; start the journey on"
            + " an event (message start event named event:<event name>)";
    /** The error of a process's signal start event: a broadcast starts instances without a customer. */
    static final String SIGNAL_START = "A signal start event starts instances without a customer; start the journey"
            + " on an event (message start event named event:<event name>)";
    /** The error of a process's conditional start event: a condition starts instances without a customer. */
    static final String CONDITIONAL_START = "A conditional start event starts instances without a customer; start the"
            + " journey on an event (message start event named event:<event name>)";

    /**
     * The error of a model without an executable process: the engine deploys none of its processes (an empty
     * deployment), so it would deploy no journey.
     */
    static final String NO_EXECUTABLE_PROCESS = "The model has no executable process, so it deploys no journey: mark"
            + " the journey's process executable (isExecutable=\"true\"; in the designer, \"Executable\" in the"
            + " process's General tab)";

    private final ApplicationContext context;

    ModelLinter(ApplicationContext context) {
        this.context = context;
    }

    /**
     * @return errors (a timer, signal or conditional start event, no executable process) and warnings for a BPMN
     *         model, each with its element's line; empty for DMN or XML the model API cannot read (the engine says
     *         why)
     */
    List<Finding> lint(String fileName, byte[] content) {
        List<Finding> findings = new ArrayList<>();
        if (!fileName.endsWith(".bpmn") && !fileName.endsWith(".bpmn20.xml")) {
            return findings;
        }
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            return findings;
        }
        walk(model.getDocument().getRootElement(), null, findings);
        var processes = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class);
        for (org.camunda.bpm.model.bpmn.instance.Process process : processes) {
            journeyFindings(process, findings);
        }
        if (processes.stream().noneMatch(org.camunda.bpm.model.bpmn.instance.Process::isExecutable)) {
            // the engine deploys such a model as an empty deployment, without a word
            findings.add(new Finding(processes.isEmpty() ? null : processes.iterator().next().getId(), "error",
                    NO_EXECUTABLE_PROCESS, null));
        }
        Map<String, Integer> lines = lines(new String(content, StandardCharsets.UTF_8));
        return findings.stream().map(f -> f.elementId() == null ? f
                : new Finding(f.elementId(), f.severity(), f.message(), lines.get(f.elementId()))).toList();
    }

    /**
     * @param xml a model's text
     * @return the line (from 1) of the first element with each {@code id}
     */
    static Map<String, Integer> lines(String xml) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        Matcher matcher = ID.matcher(xml);
        int line = 1;
        int counted = 0;
        while (matcher.find()) {
            for (; counted < matcher.start(); counted++) {
                if (xml.charAt(counted) == '\n') {
                    line++;
                }
            }
            lines.putIfAbsent(matcher.group(2), line);
        }
        return lines;
    }

    /**
     * A timer, signal or conditional start event of the process (an error), entry rules that do not parse, and
     * message start events that no event can trigger. Start events of event subprocesses are children of the
     * subprocess, not of the process: their timers, signals and conditions act inside a customer's instance and are
     * fine.
     */
    private static void journeyFindings(org.camunda.bpm.model.bpmn.instance.Process process, List<Finding> findings) {
        if (process.getExtensionElements() != null) {
            for (var properties : process.getExtensionElements().getChildElementsByType(
                    org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class)) {
                for (var property : properties.getCamundaProperties()) {
                    if ("entryRule".equals(property.getCamundaName())) {
                        try {
                            io.genkend.journey.EntryRule.parse(property.getCamundaValue());
                        } catch (IllegalArgumentException e) {
                            findings.add(new Finding(process.getId(), "warning", "Unknown entry rule '"
                                    + property.getCamundaValue() + "': use no-reentry, reentry-after-exit or any-time;"
                                    + " reentry-after-exit applies", null));
                        }
                    }
                }
            }
        }
        for (var start : process.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.StartEvent.class)) {
            if (!start.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.TimerEventDefinition.class)
                    .isEmpty()) {
                findings.add(new Finding(start.getId(), "error", TIMER_START, null));
            }
            if (!start.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.SignalEventDefinition.class)
                    .isEmpty()) {
                findings.add(new Finding(start.getId(), "error", SIGNAL_START, null));
            }
            if (!start.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ConditionalEventDefinition.class)
                    .isEmpty()) {
                findings.add(new Finding(start.getId(), "error", CONDITIONAL_START, null));
            }
            for (var definition : start.getChildElementsByType(
                    org.camunda.bpm.model.bpmn.instance.MessageEventDefinition.class)) {
                String name = definition.getMessage() == null ? null : definition.getMessage().getName();
                if (name != null && !name.startsWith(JourneyModel.EVENT)) {
                    findings.add(new Finding(start.getId(), "warning", "Start message '" + name
                            + "' is not a trigger: name it event:<event name> for events to start the journey", null));
                }
            }
        }
    }

    /** @return a Camunda extension attribute: prefixed on BPMN elements, plain on camunda: elements */
    private static String extension(DomElement element, String name) {
        String namespace = element.getNamespaceURI();
        if (CAMUNDA_NS.equals(namespace) || ACTIVITI_NS.equals(namespace)) {
            return element.getAttribute(name);
        }
        String value = element.getAttribute(CAMUNDA_NS, name);
        return value != null ? value : element.getAttribute(ACTIVITI_NS, name);
    }

    /** Camunda 7 service task types that reach outside Genkend: Activiti's shell and mail tasks. */
    private static final java.util.Set<String> FORBIDDEN_TYPES = java.util.Set.of("shell", "mail");

    private void walk(DomElement element, String elementId, List<Finding> findings) {
        String id = element.getAttribute("id") != null ? element.getAttribute("id") : elementId;
        // on BPMN elements the attributes are camunda:-prefixed; on camunda: listener elements they are plain
        String expression = extension(element, "delegateExpression");
        if (expression != null) {
            Matcher matcher = BEAN.matcher(expression);
            if (matcher.find() && !context.containsBean(matcher.group(1))) {
                findings.add(new Finding(id, "warning", "Unknown delegate bean '" + matcher.group(1)
                        + "' in " + expression + ": the step would fail at run time", null));
            }
        }
        String className = extension(element, "class");
        if (className != null && !className.isBlank()) {
            try {
                Class.forName(className.trim(), false, getClass().getClassLoader());
                if (!className.trim().startsWith("io.genkend.")) {
                    // e.g. an engine behaviour class: journeys run Genkend's steps, not any class on the class path
                    findings.add(new Finding(id, "error", "Journeys may not name the class '" + className.trim()
                            + "': use a Genkend step (camunda:delegateExpression, such as ${sendOutreach})", null));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                findings.add(new Finding(id, "warning", "Unknown delegate class '" + className
                        + "': the step would fail at run time; use a step bean (camunda:delegateExpression)", null));
            }
        }
        String type = extension(element, "type");
        if (type != null && FORBIDDEN_TYPES.contains(type.trim().toLowerCase(Locale.ROOT))) {
            findings.add(new Finding(id, "error", "camunda:type=\"" + type.trim() + "\" is not allowed in journeys"
                    + " (shell runs operating-system commands; mail sends e-mail past Genkend's outreach, consent and"
                    + " contact policy): use a Genkend step", null));
        }
        String language = element.getAttribute("scriptFormat");
        if (language == null && "conditionExpression".equals(element.getLocalName())) {
            language = element.getAttribute("language");
        }
        if (language != null && !language.isBlank()) {
            // no script runs in a journey (JourneyEnginePlugin.NoScripts), whatever engines the JVM has
            findings.add(new Finding(id, "warning", "Scripts (" + language + ") are not run in Genkend journeys:"
                    + " the script would fail at run time; use a step bean (camunda:delegateExpression) or an"
                    + " expression", null));
        }
        for (DomElement child : element.getChildElements()) {
            walk(child, id, findings);
        }
    }
}
