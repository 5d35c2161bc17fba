Subject: Срок задачи ${task.id}: ${task.description}

Срок вашей задачи по ${ticket.id}, «${ticket.subject}», наступил (${task.due}):

    ${task.description}

Когда задача будет сделана, ответьте на это письмо одной строкой ниже; любой другой
текст ответа уйдёт клиенту ${customer.address}.

#done ${task.id}

--
Обращение ${ticket.id}, ${mailbox.name}.
