Subject: Internal note: ${ticket.subject}

${note.authorName} added an internal note to ${ticket.id} (status ${ticket.status}, priority ${ticket.priority}):

${note.text}
<#if note.attachments?has_content>

Files with the note (kept in Postdesk):
<#list note.attachments as a>
- ${a}
</#list>
</#if>

--
Internal: the customer ${customer.address} does not see this note.
Replying to this mail sends your text to the customer; begin with #note to keep it internal.
Ticket ${ticket.id} at ${mailbox.name}.
