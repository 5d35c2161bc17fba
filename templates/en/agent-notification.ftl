Subject: <#if newTicket>New ticket<#else>Customer replied</#if>: ${ticket.subject}

${message.fromName} wrote<#if newTicket> a new ticket</#if> (${ticket.id}, status ${ticket.status}, priority ${ticket.priority}):

${message.text}
<#if message.attachments?has_content>

Attachments:
<#list message.attachments as a>
- ${a.name} (${a.contentType}, ${a.size} bytes)
</#list>
</#if>

--
Reply to this mail to answer ${customer.address}; only what you write above the quote is sent.
Ticket ${ticket.id} at ${mailbox.name}.
