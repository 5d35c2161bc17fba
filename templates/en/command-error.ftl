Subject: Not done: your commands for ${ticket.subject}

Hello ${agent.name},

Nothing of your mail about ${ticket.id} was done: no command ran, nothing changed,
and nothing was sent to the customer, because:

<#list problems as p>
- <#if p.line != "0">line ${p.line}, </#if>${p.text}
  ${p.reason}
</#list>

Correct it and send your mail again (replying to this one will do). You wrote:

${text}

--
Commands go at the top of a mail, one a line, before your text:
#status open|pending|closed, #close, #reopen, #snooze 2d | 2026-12-01 09:00,
#assign ADDRESS|me|nobody, #group NAME, #priority low|normal|high|urgent,
#tag A B, #untag A, #note, #task ADDRESS|me 2026-12-01 WHAT, #done T-3, #merge SUP-12.
