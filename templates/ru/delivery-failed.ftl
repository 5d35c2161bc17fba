Subject: Письмо не доставлено: ${ticket.subject}

Письмо (${bounce.mail}) по обращению ${ticket.id} для ${bounce.recipient} вернулось недоставленным.

Статус: ${bounce.status} (${bounce.action})
Причина: ${bounce.diagnostic}
<#if bounce.suppressedUntil?has_content>

Это постоянная ошибка: до ${bounce.suppressedUntil} автоматические письма на ${bounce.recipient} не отправляются.
</#if>

Уточните адрес у клиента другим способом или исправьте его в обращении.

--
Обращение ${ticket.id}, ${mailbox.name}. Возврат записан в журнал обращения, а не как сообщение.
