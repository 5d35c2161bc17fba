package org.postdesk.store;

import java.time.Instant;

/**
 * A row of {@code survey_answer}: the customer's latest answer to a ticket's survey.
 *
 * @param agent the ticket's assignee when the answer came, or null
 */
public record SurveyAnswerRow(long ticketId, int score, String comment, Instant answeredAt, String agent) {
}
