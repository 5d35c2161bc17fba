Subject: Внутренняя заметка: ${ticket.subject}

${note.authorName} добавил(а) внутреннюю заметку к ${ticket.id} (статус ${ticket.status}, приоритет ${ticket.priority}):

${note.text}
<#if note.attachments?has_content>

Файлы заметки (хранятся в Postdesk):
<#list note.attachments as a>
- ${a}
</#list>
</#if>

--
Только для сотрудников: клиент ${customer.address} эту заметку не видит.
Ответ на это письмо уйдёт клиенту; начните его с #note, чтобы он остался внутренним.
Обращение ${ticket.id}, ${mailbox.name}.
