package org.postdesk.command;

/**
 * A command with where it was written, so an error can point at it.
 *
 * @param line the line of the agent's text, from 1; 0 for a command given on the command line
 * @param text the line as written, e.g. {@code #priority high}
 */
public record WrittenCommand(int line, String text, Command command) {
}
