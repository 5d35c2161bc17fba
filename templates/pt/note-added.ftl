Subject: Nota interna: ${ticket.subject}

${note.authorName} acrescentou uma nota interna a ${ticket.id} (status ${ticket.status}, prioridade ${ticket.priority}):

${note.text}
<#if note.attachments?has_content>

Ficheiros da nota (guardados no Postdesk):
<#list note.attachments as a>
- ${a}
</#list>
</#if>

--
Interna: o cliente ${customer.address} não vê esta nota.
Responder a este e-mail envia o seu texto ao cliente; comece com #note para o manter interno.
Ticket ${ticket.id} em ${mailbox.name}.
