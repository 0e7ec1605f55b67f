package io.genkend.outreach;

import io.genkend.customer.Channel;

import java.util.Map;
import java.util.UUID;

/**
 * Renders an offer's message for one customer exactly as {@link Outreaches#schedule} would (same template choice,
 * language rule, variables, Thymeleaf modes and marketing footer), without writing, counting or sending anything:
 * no outbox row, no frequency-cap counter, no e-mail. For the offers page's preview. Works for the current tenant.
 */
public interface MessagePreview {

    /**
     * @param customerId the current tenant's customer (profile id)
     * @param offerCode  the offer whose template is rendered
     * @param channel    the channel to render for (SMS gets its short footer, only e-mail has HTML)
     * @param language   {@code da} or {@code en}, or {@code null} for the customer's (as outreach chooses it)
     * @param variables  the {@code event} variables (event properties, journey variables), or an empty map
     * @return the rendered message, or why it could not be rendered
     * @throws java.util.NoSuchElementException when the customer or the offer is not the current tenant's
     */
    Preview preview(UUID customerId, String offerCode, Channel channel, String language, Map<String, Object> variables);

    /**
     * A rendered message, or the reason there is none.
     *
     * @param channel   the channel rendered for
     * @param language  the language used ({@code da} or {@code en})
     * @param recipient the customer's address on the channel, or {@code null} when they have none
     * @param subject   rendered subject or title, or {@code null}
     * @param text      rendered text with the footer, or {@code null} when not rendered
     * @param html      rendered HTML (e-mail only), or {@code null}
     * @param problem   why nothing was rendered (no template for the channel, a template error), or {@code null}
     * @param blocked   why outreach would not send it to this customer now (no consent, no address, no provider,
     *                  an objection), or {@code null}; caps and quiet hours are not checked (they depend on the
     *                  moment)
     */
    record Preview(Channel channel, String language, String recipient, String subject, String text, String html,
                   String problem, String blocked) {

        /** @return whether a message was rendered */
        public boolean rendered() {
            return problem == null;
        }
    }
}
