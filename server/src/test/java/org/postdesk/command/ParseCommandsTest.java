package org.postdesk.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.postdesk.mail.EmailAddress;
import org.postdesk.ticket.Priority;
import org.postdesk.ticket.TaskId;
import org.postdesk.ticket.TicketId;
import org.postdesk.ticket.TicketStatus;

class ParseCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
    private static final EmailAddress ME = EmailAddress.of("alice@example.com");

    private final ParseCommands utc = new ParseCommands(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));

    private ParsedCommands parse(String text) {
        return utc.parse(text, Optional.of(ME));
    }

    private Command only(String line) {
        ParsedCommands parsed = parse(line);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.commands()).hasSize(1);
        return parsed.commands().get(0).command();
    }

    @Test
    void eachCommandReadsToItsRecord() {
        assertThat(only("#status pending")).isEqualTo(new Command.SetStatus(TicketStatus.PENDING));
        assertThat(only("#close")).isEqualTo(new Command.SetStatus(TicketStatus.CLOSED));
        assertThat(only("#reopen")).isEqualTo(new Command.SetStatus(TicketStatus.OPEN));
        assertThat(only("#snooze 2d")).isEqualTo(new Command.Snooze(Instant.parse("2026-12-02T09:00:00Z")));
        assertThat(only("#snooze 4h")).isEqualTo(new Command.Snooze(Instant.parse("2026-11-30T13:00:00Z")));
        assertThat(only("#snooze 2026-12-01 09:30")).isEqualTo(new Command.Snooze(Instant.parse("2026-12-01T09:30:00Z")));
        assertThat(only("#assign bob@example.com")).isEqualTo(new Command.Assign(Optional.of(
                EmailAddress.of("bob@example.com"))));
        assertThat(only("#assign me")).isEqualTo(new Command.Assign(Optional.of(ME)));
        assertThat(only("#assign nobody")).isEqualTo(new Command.Assign(Optional.empty()));
        assertThat(only("#group Billing")).isEqualTo(new Command.SetGroup("billing"));
        assertThat(only("#priority URGENT")).isEqualTo(new Command.SetPriority(Priority.URGENT));
        assertThat(only("#tag Billing refund")).isEqualTo(new Command.Tag(List.of("billing", "refund")));
        assertThat(only("#untag refund")).isEqualTo(new Command.Untag(List.of("refund")));
        assertThat(only("#task bob@example.com 2026-12-01 call the courier")).isEqualTo(new Command.AddTask(
                EmailAddress.of("bob@example.com"), Instant.parse("2026-12-01T00:00:00Z"), "call the courier"));
        assertThat(only("#task me 2026-12-01 14:00 call back")).isEqualTo(new Command.AddTask(ME,
                Instant.parse("2026-12-01T14:00:00Z"), "call back"));
        assertThat(only("#done T-3")).isEqualTo(new Command.CompleteTask(new TaskId(3)));
        assertThat(only("#merge sup-12")).isEqualTo(new Command.Merge(TicketId.parse("SUP-12")));
        assertThat(parse("#note\nkeep this").commands()).extracting(WrittenCommand::command)
                .containsExactly(new Command.Note());
    }

    @Test
    void commandsEndAtTheFirstLineThatIsNotOneAndTheRestIsTheText() {
        ParsedCommands parsed = parse("\n#close\n\n#tag x\n\nThanks!\n#priority high is what we gave it\n");
        assertThat(parsed.commands()).extracting(WrittenCommand::line, WrittenCommand::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "#close"),
                        org.assertj.core.groups.Tuple.tuple(4, "#tag x"));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.text()).isEqualTo("Thanks!\n#priority high is what we gave it");
    }

    @Test
    void textWithoutCommandsIsAllText() {
        ParsedCommands parsed = parse("Hello,\n#1 on our list is your printer.");
        assertThat(parsed.isEmpty()).isTrue();
        assertThat(parsed.text()).isEqualTo("Hello,\n#1 on our list is your printer.");
        assertThat(parse("# Heading\n#close").commands()).as("'#' and a space is no command").isEmpty();
    }

    @Test
    void problemsNameTheLineAndWhatWouldBeRight() {
        ParsedCommands parsed = parse("#close\n#priority hgih\n#frobnicate\n#status snoozed\n\ntext");
        assertThat(parsed.commands()).hasSize(1);
        assertThat(parsed.problems()).extracting(CommandProblem::line).containsExactly(2, 3, 4);
        assertThat(parsed.problems().get(0).toString())
                .isEqualTo("line 2 '#priority hgih': 'hgih' is not a priority; use one of [low, normal, high, urgent]");
        assertThat(parsed.problems().get(1).reason()).startsWith("unknown command #frobnicate; commands are [#status");
        assertThat(parsed.problems().get(2).reason()).contains("to snooze write #snooze 2d");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "#snooze 2026-11-29 10:00 | is not in the future",
        "#snooze yesterday        | #snooze takes a time span",
        "#snooze 400d             | 366 days at most",
        "#snooze 2026-13-01       | is not a date",
        "#task bob@example.com 2026-11-29 late | has passed",
        "#task bob@example.com 2026-12-01      | needs a description",
        "#task 2026-12-01 call                 | #task takes an owner, a due date",
        "#task nobody 2026-12-01 call          | needs an owner",
        "#assign                  | #assign takes one word",
        "#assign bob              | not an email address",
        "#tag                     | name at least one tag",
        "#tag no/slash            | is not a tag",
        "#close now               | #close takes nothing after it",
        "#done 3                  | is not a task id",
        "#merge twelve            | is not a ticket id",
    })
    void invalidCommandsAreProblems(String line, String reason) {
        ParsedCommands parsed = parse(line + "\nsome text");
        assertThat(parsed.commands()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).contains(reason);
        });
    }

    @Test
    void aNoteNeedsText() {
        assertThat(parse("#note\n#tag vip").problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("no text below the commands"));
    }

    @Test
    void meIsUnknownWithoutAnAgent() {
        assertThat(utc.parse("#assign me", Optional.empty()).problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("--as"));
    }

    @Test
    void datesAreReadInConfsTimeZone() {
        ParseCommands saoPaulo = new ParseCommands(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("America/Sao_Paulo"));
        assertThat(saoPaulo.parse("#snooze 2026-12-01 09:00", Optional.empty()).commands()).singleElement()
                .extracting(WrittenCommand::command)
                .isEqualTo(new Command.Snooze(Instant.parse("2026-12-01T12:00:00Z")));
    }
}
