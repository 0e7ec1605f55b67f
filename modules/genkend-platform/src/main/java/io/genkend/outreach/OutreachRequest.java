package io.genkend.outreach;

import io.genkend.customer.Channel;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One message to one customer.
 *
 * @param customerId        the customer's profile id
 * @param offerCode         the offer it presents, or {@code null} for a plain notice
 * @param decisionId        the decision that chose the offer, or {@code null}
 * @param template          template key, such as {@code taxi-offer}; rendered per channel and language
 * @param channels          channels in order of preference; empty for the customer's and offer's defaults
 * @param transactional     exempt from caps (never from consent): a message the customer asked for
 * @param variables         extra template variables (event properties, journey variables)
 * @param journeyInstanceId the Camunda process instance that sends, or {@code null}
 * @param idempotencyKey    the same key never sends twice (the job's activity instance id, for example)
 */
public record OutreachRequest(UUID customerId, String offerCode, UUID decisionId, String template,
                              List<Channel> channels, boolean transactional, Map<String, Object> variables,
                              String journeyInstanceId, String idempotencyKey) {
}
