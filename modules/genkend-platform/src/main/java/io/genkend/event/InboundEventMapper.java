package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A vertical pack's mapping of one tenant system's native webhook payload to events, for
 * {@code POST /hooks/{tenant}/{source}}. Implementations are Spring beans in the pack's module; a tenant uses the
 * mappers of its own pack only. The payload is parsed with exact numbers: integers of any size are
 * {@link com.fasterxml.jackson.databind.node.BigIntegerNode}/{@code LongNode}, decimals
 * {@link com.fasterxml.jackson.databind.node.DecimalNode}, so ids above 2^53 keep their value.
 */
public interface InboundEventMapper {

    /** @return the pack this mapper belongs to: {@code bank}, {@code grocer} or {@code dealer} */
    String pack();

    /** @return the source name in the URL, such as {@code workshop}, {@code shopify}, {@code core-banking} */
    String source();

    /**
     * @param payload the verified request body
     * @return the events it means, in order (empty when the payload means nothing to journeys)
     * @throws InboundPayloadException when the payload lacks something the mapping needs
     */
    List<InboundEvent> map(JsonNode payload);
}
