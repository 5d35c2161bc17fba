Subject: O prazo da tarefa ${task.id} chegou: ${task.description}

O prazo da sua tarefa em ${ticket.id}, "${ticket.subject}", chegou (${task.due}):

    ${task.description}

Quando estiver feita, responda a este e-mail só com a linha abaixo; qualquer outro texto
da resposta é enviado ao cliente ${customer.address}.

#done ${task.id}

--
Ticket ${ticket.id} em ${mailbox.name}.
