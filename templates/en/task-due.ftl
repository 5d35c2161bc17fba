Subject: Task ${task.id} is due: ${task.description}

Your task on ${ticket.id}, "${ticket.subject}", is due (${task.due}):

    ${task.description}

When it is done, reply to this mail with just the line below; any other text in the
reply is sent to the customer ${customer.address}.

#done ${task.id}

--
Ticket ${ticket.id} at ${mailbox.name}.
