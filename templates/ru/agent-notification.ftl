Subject: <#if newTicket>Новое обращение<#else>Ответ клиента</#if>: ${ticket.subject}

${message.fromName} пишет<#if newTicket> (новое обращение)</#if> (${ticket.id}, статус ${ticket.status}, приоритет ${ticket.priority}):

${message.text}
<#if message.attachments?has_content>

Вложения:
<#list message.attachments as a>
- ${a.name} (${a.contentType}, ${a.size} байт)
</#list>
</#if>

--
Ответьте на это письмо, чтобы ответить ${customer.address}; клиенту уйдёт только текст над цитатой.
Обращение ${ticket.id}, ${mailbox.name}.
