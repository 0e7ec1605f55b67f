package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import io.genkend.customer.Consents;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.Purpose;
import io.genkend.webhook.WebhookOutbox;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.UUID;

import static io.genkend.schema.Tables.MARKETING_OBJECTION;

/**
 * Whether a customer may be reached on a channel: an address for it, consent for the purpose (marketing, or
 * service for a transactional message: transactional messages are exempt from caps, never from consent) and, for
 * marketing, no objection received through an unsubscribe link. Without the customer module's {@link Consents}
 * no consent is granted.
 */
@Component
class Reachability {

    private final ObjectProvider<Consents> consents;
    private final ObjectProvider<WebhookOutbox> webhooks;
    private final ObjectProvider<org.springframework.mail.javamail.JavaMailSender> mail;
    private final DSLContext dsl;

    Reachability(ObjectProvider<Consents> consents, ObjectProvider<WebhookOutbox> webhooks,
                 ObjectProvider<org.springframework.mail.javamail.JavaMailSender> mail, DSLContext dsl) {
        this.consents = consents;
        this.webhooks = webhooks;
        this.mail = mail;
        this.dsl = dsl;
    }

    /**
     * @return why the customer cannot be reached on the channel, or {@code null} when they can
     */
    String blocked(CustomerProfile customer, Channel channel, boolean transactional,
                   OutreachSettings.Settings settings) {
        if (recipient(customer, channel) == null) {
            return "no " + switch (channel) {
                case EMAIL -> "e-mail address";
                case SMS -> "phone number";
                case PUSH -> "push token (trait pushToken)";
                case IN_APP, WEBHOOK -> "address";
            } + " for " + channel;
        }
        if ((channel == Channel.SMS || channel == Channel.PUSH) && settings.providerUrl(channel).isEmpty()) {
            return "no " + channel + " provider configured";
        }
        if (channel == Channel.EMAIL && mail.getIfAvailable() == null) {
            return "no SMTP server configured (spring.mail.host)";
        }
        if (channel == Channel.WEBHOOK && webhooks.getIfAvailable() == null) {
            return "webhooks are not available";
        }
        Purpose purpose = transactional ? Purpose.SERVICE : Purpose.MARKETING;
        Consents available = consents.getIfAvailable();
        if (available == null || !available.isGranted(customer.id(), purpose, channel)) {
            return "no " + purpose + " consent for " + channel;
        }
        if (!transactional && objected(customer.id(), channel)) {
            return "customer objected to marketing on " + channel;
        }
        return null;
    }

    /** @return the address of the customer on the channel, or {@code null} */
    static String recipient(CustomerProfile customer, Channel channel) {
        return switch (channel) {
            case EMAIL -> blankToNull(customer.email());
            case SMS -> blankToNull(customer.phone());
            case PUSH -> customer.traits() == null || customer.traits().get("pushToken") == null ? null
                    : customer.traits().get("pushToken").toString();
            case IN_APP, WEBHOOK -> customer.id().toString();
        };
    }

    private boolean objected(UUID customerId, Channel channel) {
        return dsl.fetchExists(MARKETING_OBJECTION, MARKETING_OBJECTION.CUSTOMER_ID.eq(customerId)
                .and(MARKETING_OBJECTION.CHANNEL.isNull().or(MARKETING_OBJECTION.CHANNEL.eq(channel.name()))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
