Subject: SLA warning: ${ticket.subject}

The ${sla.metric} target of ticket ${ticket.id} passes soon.

Ticket:   ${ticket.id} (${ticket.status}, priority ${ticket.priority})
Customer: ${customer.address}
Assignee: <#if ticket.assignee?has_content>${ticket.assignee}<#else>nobody</#if>

--
${mailbox.name}
