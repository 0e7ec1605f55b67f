package io.genkend.decision.internal;

import io.genkend.api.MessageTemplates;
import io.genkend.api.MessageTemplates.LenientMap;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateInputException;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that an offer's message templates parse, as outreach's renderer reads them (Thymeleaf TEXT for subject and
 * text, HTML for html, Spring EL): each part is rendered against a sample whose {@code customer}, {@code offer},
 * {@code event} and {@code links} answer every key with {@code null}. A syntax error (an expression that does not
 * parse, markup that does not parse, an inlined expression {@code [[...]]} / {@code [(...)]} / {@code ${...}} left
 * unclosed) is an error; an evaluation error against the empty sample is not (real data may make it work).
 */
@Component
class TemplateSyntax {

    private final TemplateEngine text = MessageTemplates.engine(TemplateMode.TEXT, false);
    private final TemplateEngine html = MessageTemplates.engine(TemplateMode.HTML, false);

    /**
     * @return field errors ({@code templates.<CHANNEL>.<language>.<part>}) of the templates that do not parse
     */
    List<Map<String, String>> errors(Map<Channel, Map<String, MessageTemplate>> templates) {
        List<Map<String, String>> errors = new ArrayList<>();
        templates.forEach((channel, byLanguage) -> {
            if (byLanguage == null) {
                return;
            }
            byLanguage.forEach((language, template) -> {
                if (template == null) {
                    return;
                }
                String prefix = "templates." + channel + "." + language + ".";
                check(text, template.subject(), prefix + "subject", errors);
                check(text, template.text(), prefix + "text", errors);
                check(html, template.html(), prefix + "html", errors);
            });
        });
        return errors;
    }

    private static void check(TemplateEngine engine, String source, String field, List<Map<String, String>> errors) {
        if (source == null || source.isBlank()) {
            return;
        }
        String problem;
        try {
            String out = engine.process(source, sample());
            problem = out.contains("[[") || out.contains("[(") || out.contains("${")
                    ? "has an unclosed expression ([[...]], [(...)] or ${...})" : null;
        } catch (TemplateProcessingException e) {
            problem = syntaxProblem(e);
        }
        if (problem != null) {
            errors.add(Map.of("field", field, "message", problem));
        }
    }

    /** @return the message of a parse error in the cause chain, or {@code null} for an evaluation error */
    private static String syntaxProblem(TemplateProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.expression.ParseException || t instanceof TemplateInputException
                    || (t.getMessage() != null && t.getMessage().contains("Could not parse as"))) {
                return "does not parse: " + (e.getMessage() == null ? "syntax error" : e.getMessage());
            }
        }
        return null;
    }

    private static Context sample() {
        Context context = new Context(Locale.ENGLISH);
        for (String name : new String[] {"customer", "offer", "event", "links"}) {
            context.setVariable(name, new LenientMap());
        }
        return context;
    }
}
