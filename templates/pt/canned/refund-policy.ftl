Olá<#if customer.name?has_content> ${customer.name}</#if>,

Pode pedir o reembolso até 30 dias após a compra. Responda a este e-mail com o
número da encomenda e devolveremos o valor ao cartão com que pagou, normalmente
em 5 dias úteis. O seu pedido é o ${ticket.id}.
