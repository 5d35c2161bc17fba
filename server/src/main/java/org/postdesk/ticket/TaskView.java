package org.postdesk.ticket;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task as the CLI shows it ({@code task list --json}, {@code tasks} of {@code ticket show --json}).
 * Field names are API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(String id, String ticket, String owner, Instant due, String description, String status,
        String createdBy, Instant created, String doneBy, Instant done) {
}
