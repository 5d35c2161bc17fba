Subject: Task ${task.id} for you: ${task.description}

${task.by} gave you a task on ${ticket.id}, "${ticket.subject}":

    ${task.description}
    due ${task.due}

You will be reminded when it falls due. When it is done, reply to this mail with just
the line below; any other text in the reply is sent to the customer ${customer.address}.

#done ${task.id}

--
Ticket ${ticket.id} at ${mailbox.name}.
