Subject: Mail not delivered: ${ticket.subject}

The ${bounce.mail} sent for ${ticket.id} to ${bounce.recipient} came back undelivered.

Status: ${bounce.status} (${bounce.action})
Reason given: ${bounce.diagnostic}
<#if bounce.suppressedUntil?has_content>

This is a permanent failure: ${bounce.recipient} gets no automatic mail until ${bounce.suppressedUntil}.
</#if>

Check the address with the customer by another way, or correct it in the ticket.

--
Ticket ${ticket.id} at ${mailbox.name}. The bounce is kept in the ticket's log, not as a message.
