package org.postdesk.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;
import org.postdesk.rules.InsertCanned;
import org.postdesk.ticket.LocalTimes;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TaskId;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;

/**
 * Reads the commands at the top of an agent's text: every line from the first that starts with
 * {@code #} and a letter, blank lines between them allowed, up to the first line that is anything
 * else. What follows is the text proper. Only the top counts, so a {@code #} further down, or in the
 * quoted history, is just text.
 *
 * <p>Reading is pure: it checks each command's shape (a known verb, a valid status, a date in the
 * future) but not conf or the database, which {@link RunCommands#check} does.
 */
public final class ParseCommands {

    /** The verbs, in the order the error for an unknown one lists them. */
    static final List<String> VERBS = List.of("status", "close", "reopen", "snooze", "assign", "group", "priority",
            "tag", "untag", "note", "task", "done", "merge");

    private static final Pattern COMMAND = Pattern.compile("#(\\p{L}[\\p{L}\\p{N}_-]*)(?:\\s+(.*))?");
    private static final Pattern AFTER = Pattern.compile("(\\d{1,4})\\s*(m|min|h|d|w)", Pattern.CASE_INSENSITIVE);
    /** A snooze is a pause, not an archive: past a year, close the ticket instead. */
    private static final Duration LONGEST_SNOOZE = Duration.ofDays(366);

    private final Clock clock;
    private final LocalTimes times;

    public ParseCommands(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.times = new LocalTimes(zone);
    }

    /**
     * Reads the commands at the top of {@code text}.
     *
     * @param me the agent writing, whom {@code #assign me} and {@code #task me …} name; empty when unknown
     */
    public ParsedCommands parse(String text, Optional<EmailAddress> me) {
        String[] lines = (text == null ? "" : text).split("\r?\n", -1);
        List<WrittenCommand> commands = new ArrayList<>();
        List<CommandProblem> problems = new ArrayList<>();
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = COMMAND.matcher(line);
            if (!m.matches() || InsertCanned.isCannedLine(line)) {
                // #canned is text to fill in (InsertCanned), so the text proper starts there.
                break;
            }
            try {
                commands.add(new WrittenCommand(i + 1, line, read(m.group(1).toLowerCase(Locale.ROOT),
                        m.group(2) == null ? "" : m.group(2).strip(), me)));
            } catch (IllegalArgumentException e) {
                problems.add(new CommandProblem(i + 1, line, e.getMessage()));
            }
        }
        String rest = String.join("\n", Arrays.asList(lines).subList(Math.min(i, lines.length), lines.length))
                .stripTrailing();
        rest = rest.replaceFirst("^(\\s*\\n)+", "");
        if (rest.isBlank()) {
            commands.stream().filter(c -> c.command() instanceof Command.Note).findFirst().ifPresent(note ->
                    problems.add(CommandProblem.of(note, "there is no text below the commands to keep as a note")));
        }
        return new ParsedCommands(commands, problems, rest);
    }

    private Command read(String verb, String args, Optional<EmailAddress> me) {
        List<String> words = args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
        return switch (verb) {
            case "status" -> new Command.SetStatus(status(one(verb, words, "open, pending or closed")));
            case "close" -> none(verb, words, new Command.SetStatus(TicketStatus.CLOSED));
            case "reopen" -> none(verb, words, new Command.SetStatus(TicketStatus.OPEN));
            case "snooze" -> new Command.Snooze(until(words));
            case "assign" -> new Command.Assign(assignee(one(verb, words, "an agent's address, me or nobody"), me));
            case "group" -> new Command.SetGroup(one(verb, words, "a group name").toLowerCase(Locale.ROOT));
            case "priority" -> new Command.SetPriority(Priority.parse(one(verb, words, "low, normal, high or urgent")));
            case "tag" -> new Command.Tag(words);
            case "untag" -> new Command.Untag(words);
            case "note" -> none(verb, words, new Command.Note());
            case "task" -> task(words, me);
            case "done" -> new Command.CompleteTask(TaskId.parse(one(verb, words, "a task id, e.g. T-3")));
            case "merge" -> new Command.Merge(TicketId.parse(one(verb, words, "the duplicate's id, e.g. SUP-12")));
            default -> throw new IllegalArgumentException("unknown command #" + verb + "; commands are "
                    + VERBS.stream().map(v -> "#" + v).toList());
        };
    }

    private static String one(String verb, List<String> words, String expected) {
        if (words.size() != 1) {
            throw new IllegalArgumentException("#" + verb + " takes one word: " + expected
                    + (words.isEmpty() ? "" : "; found " + words.size()));
        }
        return words.get(0);
    }

    private static TicketStatus status(String word) {
        try {
            return TicketStatus.parse(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not a status; use open, pending or closed");
        }
    }

    private static Command none(String verb, List<String> words, Command command) {
        if (!words.isEmpty()) {
            throw new IllegalArgumentException("#" + verb + " takes nothing after it"
                    + (verb.equals("note") ? "; write the note below the commands" : ""));
        }
        return command;
    }

    /** {@code 2d}, {@code 4h}, {@code 30m}, {@code 1w}, or a date with an optional time of day. */
    private Instant until(List<String> words) {
        Instant now = clock.instant();
        Instant until;
        Matcher after = words.size() == 1 ? AFTER.matcher(words.get(0)) : null;
        if (after != null && after.matches()) {
            long n = Long.parseLong(after.group(1));
            until = now.plus(switch (after.group(2).toLowerCase(Locale.ROOT)) {
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        } else if ((words.size() == 1 || words.size() == 2) && LocalTimes.looksLikeDate(words.get(0))) {
            until = times.parse(words.get(0), words.size() == 2 ? words.get(1) : null);
        } else {
            throw new IllegalArgumentException("#snooze takes a time span (30m, 4h, 2d, 1w) or a date with an"
                    + " optional time (2026-12-01 or 2026-12-01 09:00, " + times.zone() + ")");
        }
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException(times.format(until) + " is not in the future (now "
                    + times.format(now) + ")");
        }
        if (until.isAfter(now.plus(LONGEST_SNOOZE))) {
            throw new IllegalArgumentException("a snooze may last " + LONGEST_SNOOZE.toDays()
                    + " days at most; close the ticket instead");
        }
        return until;
    }

    /** {@code OWNER DATE [TIME] DESCRIPTION…}. */
    private Command task(List<String> words, Optional<EmailAddress> me) {
        if (words.size() < 2 || !LocalTimes.looksLikeDate(words.get(1))) {
            throw new IllegalArgumentException("#task takes an owner, a due date and what to do, e.g."
                    + " #task bob@example.com 2026-12-01 call the courier (the owner may be me)");
        }
        EmailAddress owner = assignee(words.get(0), me).orElseThrow(() ->
                new IllegalArgumentException("a task needs an owner: an agent's address or me"));
        boolean timed = words.size() > 2 && LocalTimes.looksLikeTime(words.get(2));
        Instant due = times.parse(words.get(1), timed ? words.get(2) : null);
        Instant today = LocalDate.ofInstant(clock.instant(), times.zone()).atStartOfDay(times.zone()).toInstant();
        if (due.isBefore(today)) {
            throw new IllegalArgumentException("the due date " + times.format(due) + " has passed (now "
                    + times.format(clock.instant()) + ")");
        }
        return new Command.AddTask(owner, due, String.join(" ", words.subList(timed ? 3 : 2, words.size())));
    }

    private static Optional<EmailAddress> assignee(String word, Optional<EmailAddress> me) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "me" -> Optional.of(me.orElseThrow(() -> new IllegalArgumentException(
                    "'me' is unknown here; name the agent's address, or act as an agent with --as")));
            case "nobody" -> Optional.empty();
            default -> Optional.of(EmailAddress.of(word));
        };
    }
}
