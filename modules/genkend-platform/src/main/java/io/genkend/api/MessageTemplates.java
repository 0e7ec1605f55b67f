package io.genkend.api;

import java.util.HashMap;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * How offer message templates are read, shared by outreach (which renders them) and the decision module (which
 * checks them when an offer is saved), so that the check parses exactly what rendering parses: Thymeleaf with
 * Spring's expression language, templates given as strings, TEXT mode for subject and text, HTML for html
 * (docs/outreach.md "Templates").
 */
public final class MessageTemplates {

    private MessageTemplates() {
    }

    /**
     * A template engine for template sources given as strings, without access to the application's beans (no
     * application context is handed in).
     *
     * @param mode      TEXT for subjects and plain texts, HTML for html bodies
     * @param cacheable whether parsed templates are kept (yes for rendering, where the same few templates recur;
     *                  no for checking arbitrary input)
     * @return a new engine
     */
    public static TemplateEngine engine(TemplateMode mode, boolean cacheable) {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(mode);
        resolver.setCacheable(cacheable);
        TemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /**
     * A template variable in which every key is present; a key not put is {@code null}, so that {@code
     * ${customer.firstName ?: 'kunde'}} falls back instead of failing on a missing key.
     */
    public static final class LenientMap extends HashMap<String, Object> {

        private static final long serialVersionUID = 1L;

        /** @return {@code true} for every string key */
        @Override
        public boolean containsKey(Object key) {
            return key instanceof String;
        }
    }
}
