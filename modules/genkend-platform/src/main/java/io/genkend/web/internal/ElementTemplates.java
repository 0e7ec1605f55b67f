package io.genkend.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The step library's Camunda 7 element templates, as the designer loads them: every
 * {@code classpath*:element-templates/*.json} (one template or an array of them per file), merged into one JSON
 * array, read once. A file that is not valid JSON is left out with a warning.
 */
@Component
class ElementTemplates {

    private static final Logger log = LoggerFactory.getLogger(ElementTemplates.class);

    private final String json;

    ElementTemplates(ObjectMapper mapper) {
        ArrayNode all = mapper.createArrayNode();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:element-templates/*.json");
            Arrays.sort(files, Comparator.comparing(r -> String.valueOf(r.getFilename())));
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    JsonNode node = mapper.readTree(in);
                    if (node.isArray()) {
                        all.addAll((ArrayNode) node);
                    } else if (node.isObject()) {
                        all.add(node);
                    }
                } catch (IOException e) {
                    log.warn("Element template {} left out: {}", file.getFilename(), e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("Element templates could not be listed: {}", e.getMessage());
        }
        this.json = all.toString();
    }

    /** @return every element template, as a JSON array */
    String json() {
        return json;
    }
}
