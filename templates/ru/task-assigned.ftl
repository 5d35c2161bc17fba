Subject: Задача ${task.id} для вас: ${task.description}

${task.by} поручил(а) вам задачу по ${ticket.id}, «${ticket.subject}»:

    ${task.description}
    срок ${task.due}

Когда срок наступит, придёт напоминание. Когда задача будет сделана, ответьте на это
письмо одной строкой ниже; любой другой текст ответа уйдёт клиенту ${customer.address}.

#done ${task.id}

--
Обращение ${ticket.id}, ${mailbox.name}.
