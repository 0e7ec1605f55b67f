package io.genkend.customer;

/** The channels on which a customer can be reached and for which consent is held. */
public enum Channel {
    EMAIL, SMS, PUSH, IN_APP, WEBHOOK
}
