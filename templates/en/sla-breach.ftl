Subject: SLA breached: ${ticket.subject}

The ${sla.metric} target of ticket ${ticket.id} has passed unmet.

Ticket:   ${ticket.id} (${ticket.status}, priority ${ticket.priority})
Customer: ${customer.address}
Assignee: <#if ticket.assignee?has_content>${ticket.assignee}<#else>nobody</#if>

--
${mailbox.name}
