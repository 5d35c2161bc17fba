Subject: <#if newTicket>Novo ticket<#else>O cliente respondeu</#if>: ${ticket.subject}

${message.fromName} escreveu<#if newTicket> um novo ticket</#if> (${ticket.id}, status ${ticket.status}, prioridade ${ticket.priority}):

${message.text}
<#if message.attachments?has_content>

Anexos:
<#list message.attachments as a>
- ${a.name} (${a.contentType}, ${a.size} bytes)
</#list>
</#if>

--
Responda a este e-mail para responder a ${customer.address}; só o texto acima da citação é enviado.
Ticket ${ticket.id} em ${mailbox.name}.
