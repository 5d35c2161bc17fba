package org.postdesk.outbound;

/** Whether a person wrote a mail (RFC 3834 §5): what its {@code Auto-Submitted} header says, and whether it is limited. */
public enum AutoSubmitted {
    /** Written by a person, such as an agent's reply relayed to the customer: no Auto-Submitted header. */
    NO,
    /**
     * An automatic answer to someone (acknowledgement, triggered mail to a customer, error reply to an
     * agent): {@code auto-replied}, and counted against {@code limits:} so that it can never storm.
     */
    AUTO_REPLIED,
    /** Automatic, answering nobody's mail (agent notifications): {@code auto-generated}. */
    AUTO_GENERATED
}
