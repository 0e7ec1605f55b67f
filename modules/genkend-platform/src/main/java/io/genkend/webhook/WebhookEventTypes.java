package io.genkend.webhook;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The event types Genkend publishes over webhooks, as other modules pass them to
 * {@link WebhookOutbox#enqueue}. A subscription lists the types it wants, or {@code *} for all; new types need no
 * change here beyond the catalogue, as long as they follow {@link #PATTERN}.
 */
public final class WebhookEventTypes {

    /** A journey instance reached a step ({@code journey} module). */
    public static final String JOURNEY_STEP_REACHED = "journey.step-reached";
    /** A staff task was created ({@code task} module). */
    public static final String TASK_CREATED = "task.created";
    /** A staff task was completed ({@code task} module). */
    public static final String TASK_COMPLETED = "task.completed";
    /** An outreach changed status: sent, delivered, bounced ({@code outreach} module). */
    public static final String OUTREACH_STATUS_CHANGED = "outreach.status-changed";
    /** A customer answered an offer ({@code outreach} module). */
    public static final String OFFER_RESPONDED = "offer.responded";
    /** A customer was erased; tenant systems should erase too ({@code customer} module). */
    public static final String CUSTOMER_ERASED = "customer.erased";
    /** A journey asks a tenant system to fulfil something: reserve a part, pre-approve a loan. */
    public static final String FULFILMENT_REQUESTED = "fulfilment.requested";
    /** A journey hands a lead over to the tenant's CRM. */
    public static final String CRM_HANDOVER = "crm.handover";
    /** In a subscription: every event type. */
    public static final String ALL = "*";

    /** The catalogue, for the API and the admin page. */
    public static final List<String> KNOWN = List.of(JOURNEY_STEP_REACHED, TASK_CREATED, TASK_COMPLETED,
            OUTREACH_STATUS_CHANGED, OFFER_RESPONDED, CUSTOMER_ERASED, FULFILMENT_REQUESTED, CRM_HANDOVER);

    /** Shape of an event type: dotted lower-case words, such as {@code task.created}. */
    public static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$");

    private WebhookEventTypes() {
    }
}
