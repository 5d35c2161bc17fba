Subject: Tarefa ${task.id} para si: ${task.description}

${task.by} deu-lhe uma tarefa em ${ticket.id}, "${ticket.subject}":

    ${task.description}
    prazo ${task.due}

Será lembrado quando o prazo chegar. Quando estiver feita, responda a este e-mail só com
a linha abaixo; qualquer outro texto da resposta é enviado ao cliente ${customer.address}.

#done ${task.id}

--
Ticket ${ticket.id} em ${mailbox.name}.
