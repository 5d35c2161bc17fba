package org.postdesk.command;

import java.util.List;

/**
 * What {@link ParseCommands} read from an agent's text.
 *
 * @param commands the well-formed commands, in the order written
 * @param problems the lines that looked like commands but were not valid ones
 * @param text the rest of the text, after the commands: what is relayed to the customer or kept as a note
 */
public record ParsedCommands(List<WrittenCommand> commands, List<CommandProblem> problems, String text) {

    public ParsedCommands {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    public boolean isEmpty() {
        return commands.isEmpty() && problems.isEmpty();
    }

    /** Whether the mail is a note ({@code #note}) rather than a reply. */
    public boolean isNote() {
        return commands.stream().anyMatch(c -> c.command() instanceof Command.Note);
    }

    /** Whether a command sets the status, which then wins over the move an agent's reply implies. */
    public boolean setsStatus() {
        return commands.stream().anyMatch(c -> c.command() instanceof Command.SetStatus
                || c.command() instanceof Command.Snooze);
    }
}
