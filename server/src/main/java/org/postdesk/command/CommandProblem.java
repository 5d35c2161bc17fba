package org.postdesk.command;

/**
 * Why a command cannot run.
 *
 * @param line the line of the agent's text, from 1; 0 for a command given on the command line
 * @param text the line as written
 * @param reason what is wrong and what would be right
 */
public record CommandProblem(int line, String text, String reason) {

    static CommandProblem of(WrittenCommand command, String reason) {
        return new CommandProblem(command.line(), command.text(), reason);
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + " " : "") + "'" + text + "': " + reason;
    }
}
