Hello<#if customer.name?has_content> ${customer.name}</#if>,

You can ask for a refund within 30 days of purchase. Reply to this mail with
your order number and we will send the money back to the card you paid with,
usually within 5 working days. Your request is ticket ${ticket.id}.
