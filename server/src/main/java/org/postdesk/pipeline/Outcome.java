package org.postdesk.pipeline;

import java.util.Optional;

/**
 * What the pipeline did with one inbox message.
 *
 * @param result {@code new}, {@code reply}, {@code agent-reply}, {@code note} (an agent's {@code #note}),
 *     {@code commands} (an agent's mail of commands only), {@code command-error}, {@code duplicate},
 *     {@code survey-answer}, {@code survey-kept}, {@code survey-rejected} (see AnswerSurvey), {@code bounce}
 *     (recorded on the mail it returns, never a ticket of its own) or {@code failed}
 * @param ticket the ticket id, e.g. {@code SUP-12}, when the message reached one
 * @param detail why: the threading reason, or the error of a failed message
 */
public record Outcome(long inboxId, String result, Optional<String> ticket, String detail) {

    public boolean failed() {
        return result.equals("failed");
    }

    @Override
    public String toString() {
        return ticket.orElse("-") + " " + result + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
